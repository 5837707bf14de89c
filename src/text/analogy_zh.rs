//! 打比方（简体中文）：每个主题在故事的每个时刻各有一句，以及每个比喻在哪里
//! 不成立。`{side}` 是做这件事的一方。

use crate::narration::keys::{Beat, Theme};

pub fn analogy(theme: Theme, beat: Beat) -> &'static str {
    match theme {
        Theme::StandOff => stand_off(beat),
        Theme::PhoneCall => phone_call(beat),
        Theme::Capability => capability(beat),
    }
}

/// 街头对峙（你瞅啥 / 瞅你咋的 / 揍你丫的）讲握手，分手讲挥手。
fn stand_off(beat: Beat) -> &'static str {
    match beat {
        Beat::Syn => "{side}隔着马路瞪过去：“你瞅啥？”——先挑个头，等着看对方接不接招。",
        Beat::SynAck => "{side}瞪回来：“瞅你咋的？”——既接了对方的茬，也把自己的挑衅扔了回去。",
        Beat::HandshakeAck => "{side}：“揍你丫的！”——双方的挑衅都有了回应，这架算是打起来了。",
        Beat::SimultaneousOpen => "两人同时瞪眼，同时冒出一句“你瞅啥？”。各自再回一句，照样打起来。",
        Beat::Data => "{side}出了一拳（发送数据）。",
        Beat::DataAck => "{side}：“这拳我接住了。”——每一拳都要有个回应。",
        Beat::Fin => "{side}：“我们分手吧。”——它这边再没有什么要给的了（FIN），但对方的话它还听着。",
        Beat::FinAck => "{side}：“我听见了。”——先回这么一句，自己可能还有话没说完。",
        Beat::SecondFin => "{side}：“我想说的也都说完了，就这样吧。”",
        Beat::LastAck => {
            "{side}：“好，再见。”——说完还在街角站一会儿：万一对方又问“你听见没有？”，还能再答一遍。"
        }
        Beat::SimultaneousClose => "两人同时开口：“我们分手吧。”",
        Beat::TimeWait => "{side}两句告别都听到了，可它没有马上走。",
        Beat::Closed => "{side}转身离开，彻底结束。",
        Beat::Lost => "一辆大卡车轰隆隆开过，这句话谁也没听见，而且暂时没人知道。",
        Beat::Retransmit => "半天没反应。{side}等了一会儿又说了一遍，下次再没反应，会等得更久。",
        Beat::Duplicate => "{side}：“我早回过你了！”——把回答再说一遍。",
        Beat::Refused => "{side}摆摆手：“这儿没人跟你较劲。”（RST：该端口没人监听）",
        Beat::Reset => "{side}架打到一半，一声不吭扭头就走（RST）。",
        Beat::OldDuplicate => {
            "上礼拜喊的一句“你瞅啥”今天才飘过来，对方还认真回了。{side}：“那不是我刚才说的，不算！”（RST）"
        }
        Beat::QueueFull => "{side}身边围满了只放狠话、从不动手的假对手，再来一个，它也顾不上理了。",
        Beat::GiveUp => "{side}喊了一遍又一遍都没人搭理，算了，不打了。",
    }
}

/// 打电话：“喂，你听得到吗？”……挂电话。
fn phone_call(beat: Beat) -> &'static str {
    match beat {
        Beat::Syn => "{side}拨通电话：“喂，你听得到吗？”",
        Beat::SynAck => "{side}：“听得到！你听得到我吗？”",
        Beat::HandshakeAck => "{side}：“听得很清楚。”——好，可以聊正事了。",
        Beat::SimultaneousOpen => {
            "两人碰巧同时给对方打电话，都问“你听得到吗？”，各自答一句“听得到”，线就通了。"
        }
        Beat::Data => "{side}开始说正事：“是这样的……”",
        Beat::DataAck => "{side}：“嗯，这句听到了。”",
        Beat::Fin => "{side}：“我要说的都说完了。”——不过对方说话它还听着。",
        Beat::FinAck => "{side}：“好，知道你说完了。”——它自己可能还有话要说。",
        Beat::SecondFin => "{side}：“我也说完了，那先这样？”",
        Beat::LastAck => {
            "{side}：“好，拜拜！”——听筒还在耳边多留一会儿：万一对方问“喂？我说拜拜你听到没？”，还能再答一句。"
        }
        Beat::SimultaneousClose => "两人同时说：“我要说的都说完了。”",
        Beat::TimeWait => "{side}两边的拜拜都听到了，但没有马上挂。",
        Beat::Closed => "{side}挂断了电话。",
        Beat::Lost => "信号一阵杂音，这句话没传过去。",
        Beat::Retransmit => "电话那头没动静。{side}等了一会儿，把刚才的话又说了一遍。",
        Beat::Duplicate => "{side}：“听到了听到了，刚才就回过你了。”",
        Beat::Refused => "“您拨打的号码是空号。”（RST：该端口没人监听）",
        Beat::Reset => "{side}话说到一半，啪地挂了电话（RST）。",
        Beat::OldDuplicate => {
            "线路里冒出上一通电话里的一声“喂？”，对方还应了。{side}：“我刚才没给你打电话啊！”（RST）"
        }
        Beat::QueueFull => "{side}的线路全被只打进来、从不出声的电话（伪造的 SYN）占着，新来电没人接。",
        Beat::GiveUp => "{side}“喂”了好多遍都没人应，只好挂断。",
    }
}

/// 收发能力确认：“我的发送正常不？”
fn capability(beat: Beat) -> &'static str {
    match beat {
        Beat::Syn => "{side}：“我的发送正常不？”——这句一到，对方就知道了：你能发，我能收。",
        Beat::SynAck => {
            "{side}：“正常！那我的发送正常不？”——这句一到，对方就全知道了：双方都能发，也都能收。"
        }
        Beat::HandshakeAck => "{side}：“正常。”——现在双方都确认了，两个方向都是通的。",
        Beat::SimultaneousOpen => "双方同时问“我的发送正常不？”，又都答“正常”，两个方向都确认过了。",
        Beat::Data => "{side}用上了自己的发送方向：数据发出去了。",
        Beat::DataAck => "{side}：“收到了，到这儿为止都齐了。”",
        Beat::Fin => "{side}：“我这边的发送结束了。”——它的接收还开着。",
        Beat::FinAck => "{side}：“知道了，你的发送结束了。”——它自己的发送还没关。",
        Beat::SecondFin => "{side}：“我这边的发送也结束了。”",
        Beat::LastAck => {
            "{side}：“知道了。”——万一这句没送到，对方会再宣布一次，所以{side}的接收还要再开一会儿。"
        }
        Beat::SimultaneousClose => "双方同时宣布：“我这边的发送结束了。”",
        Beat::TimeWait => "{side}已经知道双方的发送都结束了，但还没有马上关机。",
        Beat::Closed => "{side}关机：不再发，也不再收。",
        Beat::Lost => "这一句没送到：这一回，这个方向出了问题。",
        Beat::Retransmit => "迟迟没有回音，{side}等了一会儿，再确认一遍。",
        Beat::Duplicate => "{side}：“这个我已经确认过了。”",
        Beat::Refused => "“这个端口没人在收。”（RST）",
        Beat::Reset => "{side}不打招呼，直接把两个方向一起切断（RST）。",
        Beat::OldDuplicate => {
            "{side}收到一句“你的发送正常”，可它根本没问过（那是旧连接的），于是回答“不是我的”（RST）。"
        }
        Beat::QueueFull => "{side}积压了太多没人回应的确认，再也腾不出地方接新的了。",
        Beat::GiveUp => "{side}不再确认了：对方始终没有回音。",
    }
}

pub fn analogy_breaks(theme: Theme) -> &'static str {
    match theme {
        Theme::StandOff => {
            "对峙里没有编号。有些文章说的“怒气值 + 1”，其实掩盖了真正发生的事：双方各自选一个初始序号，对方必须确认它（ack = ISN + 1，因为 SYN 占一个序号）。对峙也说明不了第三次握手的真正理由：一个迟到的旧 SYN 必须在服务器投入资源之前被识破、被 RST 拒绝。至于分手，现实里是双方一起了断；TCP 则是两个方向各自关闭，先开口的一方还得在 TIME-WAIT 里等一阵。"
        }
        Theme::PhoneCall => {
            "电话线是一条接通的线路：话要么按顺序、只到一次，要么干脆断线。TCP 走的网络却会丢包、延迟、重复、乱序。所以“你听得到吗”掩盖了三次握手的真正原因：双方的初始序号都要发出去并得到确认，旧的重复 SYN 必须被拒绝。也没人说完“拜拜”还把听筒贴在耳边好几分钟：TIME-WAIT 是为丢失和游离的报文段准备的，而打电话没有这些。"
        }
        Theme::Capability => {
            "“我的发送正常不？我的接收正常不？”好记，但这并不是 TCP 这么做的原因。一次确认成功，说明不了下一个报文段不会丢，再多确认几次也没用。握手是为了交换并确认初始序号、拒绝旧的重复 SYN。这个说法也解释不了 SYN 和 FIN 为什么占序号、挥手为什么要四次、TIME-WAIT 为什么要等 2MSL。"
        }
    }
}
