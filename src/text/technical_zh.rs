//! 技术讲解（简体中文）：每类事件一两句话，`{占位符}` 会填入本次运行的真实数值
//! （每个事件提供哪些值，见 `narration::values_for`）。

use tcp_model::{Purpose, State};

use crate::narration::keys::{GiveUpKind, Ignore, Line};

pub fn technical(line: Line) -> &'static str {
    match line {
        // 套接字调用。
        Line::Listen => "{side}调用 listen()：进入 LISTEN，在端口上等待 SYN。此时还不发任何报文段。",
        Line::AcceptWaits => "{side}调用 accept()，它会一直阻塞，直到有连接完成握手。",
        Line::AcceptReturns => "{side}的 accept() 返回：有一个连接完成了三次握手，交到了应用程序手里。",
        Line::Connect => {
            "{side}调用 connect() 主动打开：TCP 选好初始序号（ISN），发出 SYN；connect() 会阻塞到握手完成。"
        }
        Line::ConnectReturns => {
            "{side}的 connect() 返回：自己的 SYN 已被确认，也拿到了对方的 ISN，现在可以发数据了。"
        }
        Line::Send => {
            "{side}的应用用 send() 把 {bytes} 字节交给 TCP。调用立即返回，什么时候发出去由 TCP 决定。"
        }
        Line::RecvWaits => "{side}调用 {call} 后阻塞：想要的数据还没到。",
        Line::RecvEofWaits => "{side}要一直读到流的末尾：recv() 阻塞，直到{peer}的 FIN 到达。",
        Line::RecvReturns => "{call} 把 {bytes} 字节交给{side}的应用。",
        Line::RecvEof => "{side}的应用读到了流的末尾：{peer}已经发出 FIN，不会再发数据了。",
        Line::Sleep => {
            "{side}的应用去忙别的事，{ms} 毫秒后才回来。这期间 TCP 照常工作：该确认就确认，该重传就重传。"
        }
        Line::Shutdown => {
            "{side}调用 shutdown(SHUT_WR)：不再发送数据，TCP 会在排队的数据之后发出 FIN。它仍然可以接收。"
        }
        Line::Close => "{side}调用 close()：应用不再使用这个套接字，剩下的关闭流程由 TCP 自己完成。",
        Line::Abort => {
            "{side}中止连接（SO_LINGER 设为 0）：TCP 丢掉还没发出的数据，直接发 RST 而不是 FIN，之后也没有 TIME-WAIT。"
        }
        Line::CallFailed => "{side}的 {call} 失败，错误码 {errno}。",

        // 发出的报文段。
        Line::Sent(purpose) => sent(purpose),
        Line::SentSpoofed => {
            "攻击者伪造源地址，向{to}发送 {flags}（seq={seq}）：那个地址上根本没有主机，永远不会回应。"
        }
        Line::SentToNobody => "{side}回复 {label}，发往一个伪造的地址：这个半连接要等的 ACK 永远不会来。",
        Line::Retransmission => "这是报文段 #{orig} 的重传：序号和原来一样，因为迟迟没等到 ACK。",
        Line::Piggyback => "它还顺带捎上了{side}欠着的确认（ack={ack}），不必再单独发一个 ACK。",

        // 网络。
        Line::DroppedByLearner => "你丢掉了 {label}。没有谁会收到通知：只有等定时器超时，丢失才会被发现。",
        Line::DroppedByScenario => "网络丢失了 {label}。没有谁会收到通知：只有等定时器超时，丢失才会被发现。",
        Line::Vanished => "{label} 到达了一个没有主机应答的地址，就此消失。",
        Line::Delayed => "{label} 在网络里比平常多耽搁了 {ms} 毫秒：报文段可能迟到，也可能乱序到达。",

        // 到达。
        Line::Entered(state) => entered(state),
        Line::Acknowledged => {
            "{side}收到 ack={snd_una}（+{bytes}）：{peer}已经收齐 {snd_una} 之前的全部内容，这部分不必再留着准备重传了。"
        }
        Line::DataReceived => {
            "{side}按顺序收到 {bytes} 字节。它期待的下一个字节是 {rcv_nxt}，这也就是它要回复的 ack。"
        }
        Line::OutOfOrder => {
            "{side}收到的 {bytes} 字节前面还有空缺：先存起来，等空缺补上才能交给应用，同时立刻重复发送原来的 ack。"
        }
        Line::Ignored(reason) => ignored(reason),

        // 定时器。
        Line::RtoFired => {
            "{side}的重传定时器（{rto} 毫秒）超时：没有按时等到 ACK。只要重试次数还没用完，它就重发最早那个未确认的报文段，并让定时器退避（通常翻倍，RFC 6298）。"
        }
        Line::TimeWaitStarted => "{side}（重新）启动 TIME-WAIT 定时器：{ms} 毫秒，到 t = {deadline} 毫秒为止。",
        Line::TimeWaitExpired => {
            "{side}的 TIME-WAIT 结束：对方没有再发 FIN，可以认为最后的 ACK 已经送达，这个连接的旧报文段也都已经消亡。"
        }
        Line::DelayedAckFired => "{side}的延迟 ACK 定时器到时：没等到可以捎带的数据，于是单独发出 ACK。",
        Line::FinWait2Expired => {
            "{side}在 FIN-WAIT-2 等{peer}的 FIN 等得太久，不等了（这是 Linux 的 tcp_fin_timeout；RFC 9293 没有这个定时器）。"
        }
        Line::GaveUp(kind) => match kind {
            GiveUpKind::SynRetries => "{side}重传了 {n} 次 SYN 仍无回应，只好放弃：connect() 以 ETIMEDOUT 失败。",
            GiveUpKind::SynAckRetries => {
                "{side}重传了 {n} 次 SYN,ACK 后放弃这个半连接，腾出它在监听队列里占的位置。"
            }
            GiveUpKind::DataRetries => "{side}重传了 {n} 次都没等到 ACK，只好放弃：连接被断开（ETIMEDOUT）。",
            GiveUpKind::FinWait2 => "{side}始终没等到{peer}的 FIN，直接删除了这个连接。",
        },
        Line::ListenQueue => "{side}的监听队列：{backlog} 个位置中有 {n} 个被半连接占着。",
    }
}

fn sent(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Syn => {
            "{side}发出 SYN，seq={seq}：{seq} 就是它的初始序号（ISN），同时告知 MSS 为 {mss}。SYN 要占用一个序号，所以它的第一个数据字节将是 {next}。"
        }
        Purpose::SynAck => {
            "{side}回复 SYN,ACK：ack={ack} 是收到的 ISN 加 1，表示确认；seq={seq} 是{side}自己的 ISN。它的 SYN 也占一个序号，数据将从 {next} 开始。"
        }
        Purpose::HandshakeAck => {
            "{side}发出第三个报文段 ACK，ack={ack}，即{peer}的 ISN 加 1。至此双方的 ISN 都得到了确认。纯 ACK 不占序号，所以 seq 仍是 {seq}。"
        }
        Purpose::Data => "{side}发送 {len} 字节数据，从 seq={seq} 开始编号。数据到达后，{peer}会用 ack={next} 来确认。",
        Purpose::AckData => {
            "{side}回复确认 ack={ack}：“{ack} 之前的字节我都收到了，下一个请从 {ack} 发。”纯 ACK 不占序号。"
        }
        Purpose::AckFin => "{side}确认对方的 FIN：ack={ack}，即 FIN 自己的序号加 1，因为 FIN 占用一个序号。",
        Purpose::Fin => {
            "{side}发出 FIN，seq={seq}：它不会再发送数据了（两个方向各自关闭）。FIN 占一个序号，所以对它的确认将是 ack={next}。"
        }
        Purpose::DuplicateAck => {
            "{side}再次发出 ack={ack}：刚到的报文段是旧的、重复的或位置不对，于是重申自己期待的下一个序号。"
        }
        Purpose::ChallengeAck => {
            "{side}回一个挑战 ACK（ack={ack}，RFC 5961），而不是轻信一个靠不住的 SYN 或 RST；真正的对端会回一个序号完全准确的 RST。"
        }
        Purpose::TimeWaitAck => {
            "处于 TIME-WAIT 的{side}再次确认重传来的 FIN（ack={ack}），并重新开始计时。TIME-WAIT 等的就是这一刻。"
        }
        Purpose::WindowUpdate => "{side}发出窗口更新：它又能接收 {window} 字节了。",
        Purpose::RstNoConnection => {
            "{side}回复复位报文 {label}：这台主机上没有与之匹配的东西。对 SYN 而言，这就是“连接被拒绝”。"
        }
        Purpose::RstBadAck => {
            "{side}回复 RST，seq={seq}：这个报文段确认了{side}从没发过的序号，只可能属于某个旧连接。RST 让对方把它丢掉。"
        }
        Purpose::RstAbort => "{side}发出 RST，seq={seq}：连接立即中止。没有 FIN，也不用等待；还在路上的数据就此丢失。",
        Purpose::RstDataLost => {
            "{side}发的是 RST 而不是 FIN：它的应用已经关闭，{peer}发来的数据再也不会被读取，这些数据丢了，必须告诉{peer}（RFC 1122）。"
        }
        Purpose::Injected => {
            "一个来自旧连接的游离 {flags}（seq={seq}）冒了出来，正发往{to}。它的地址和端口都对得上，{to}分辨不出它是旧的。"
        }
    }
}

fn entered(state: State) -> &'static str {
    match state {
        State::Closed => "{side}：{from_state} → CLOSED。这一端的连接已不复存在。",
        State::Listen => "{side}：{from_state} → LISTEN，等待 SYN。",
        State::SynSent => "{side}：{from_state} → SYN-SENT。它在等{peer}的 SYN，以及对自己 SYN 的确认。",
        State::SynReceived => {
            "{side}：{from_state} → SYN-RECEIVED。它记下了到达的 SYN 带来的 ISN，现在等自己的 SYN 被确认。"
        }
        State::Established => {
            "{side}：{from_state} → ESTABLISHED。自己的 SYN 已被确认，也知道了{peer}的 ISN：两个方向都可以传数据了。"
        }
        State::FinWait1 => {
            "{side}：{from_state} → FIN-WAIT-1。它的 FIN 排在待发数据之后发出，然后等这个 FIN 被确认。"
        }
        State::FinWait2 => {
            "{side}：{from_state} → FIN-WAIT-2。它的 FIN 已被确认，发送方向关闭了；在{peer}发来 FIN 之前，它仍可接收。"
        }
        State::CloseWait => {
            "{side}：{from_state} → CLOSE-WAIT。{peer}不会再发数据了，但{side}还可以发；等它的应用关闭，才会发出自己的 FIN。"
        }
        State::Closing => {
            "{side}：{from_state} → CLOSING。{peer}的 FIN 比对自己 FIN 的确认先到：双方在同时关闭。"
        }
        State::LastAck => {
            "{side}：{from_state} → LAST-ACK。它的 FIN 已经上路（排在待发数据之后），等这个 FIN 被确认就结束，这一端不需要 TIME-WAIT。"
        }
        State::TimeWait => {
            "{side}：{from_state} → TIME-WAIT。两个方向都已关闭，但它还要等 {time_wait_ms} 毫秒（RFC 9293 规定为 2MSL），以防最后的 ACK 丢失、{peer}重传 FIN。"
        }
    }
}

fn ignored(reason: Ignore) -> &'static str {
    match reason {
        Ignore::RstInListen => "{side}处于 LISTEN，忽略这个 RST：根本没有连接可以复位。",
        Ignore::NotSynInListen => "{side}处于 LISTEN，只有 SYN 才能开启连接：{label} 被丢弃。",
        Ignore::NoSynOrRstInSynSent => "{side}处于 SYN-SENT，只等 SYN（或 RST）：{label} 两样都没有，被丢弃。",
        Ignore::RstWithoutAcceptableAck => "{side}忽略这个 RST：在 SYN-SENT 状态下，只有确认了自己 SYN 的 RST 才可信。",
        Ignore::UnacceptableAck => "ack={ack} 确认的是{side}从没发过的东西，这个报文段不可能属于本连接。",
        Ignore::OutsideWindow => "{label} 落在{side}的接收窗口之外（早就收过，或者超前太多），被丢弃。",
        Ignore::DuplicateSyn => {
            "这个 SYN {side}已经收到过：{peer}没听到{side}的回应，于是又发了一遍。{side}回一个 ACK（Linux 上处于 SYN-RECEIVED 的服务器则改为重发 SYN,ACK）。"
        }
        Ignore::RstOutsideWindow => "{side}悄悄丢掉这个 RST：它的序号在窗口之外，多半是旧的或伪造的（RFC 5961）。",
        Ignore::RstNotExact => {
            "这个 RST 的 seq={seq} 在窗口之内，却不正好是期待的下一个序号：{side}不信任它，转而向对方发出挑战（RFC 5961）。"
        }
        Ignore::SynOnSynchronized => "已经同步的连接上来了一个 SYN：{side}不复位连接，而是回一个挑战 ACK（RFC 5961）。",
        Ignore::NoAck => "{label} 没有 ACK 标志；连接同步之后，每个报文段都必须带 ACK，所以它被丢弃。",
        Ignore::DataAfterFin => "{peer}的 FIN 之后不可能再有数据（FIN 之后什么都不能跟），所以忽略。",
        Ignore::ListenQueueFull => {
            "{side}的监听队列已满（{backlog} 个半连接）：这个 SYN 被直接丢弃，没有任何回应。发送方只能等超时后重试。"
        }
        Ignore::NoConnection => "{side}上没有与 {label} 对应的连接，该端口也没人监听。",
        Ignore::NoHost => "{label} 到达了一个没有主机应答的地址。",
    }
}
