//! Texts of embedding, sharing, export and notices, per language (kept apart
//! from the narration content so each can grow on its own).

use super::Lang;

pub struct Extra {
    pub share: &'static str,
    pub share_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub exports: &'static str,
    pub download_pcap: &'static str,
    pub download_svg: &'static str,
    /// `{param}`, `{value}`, `{expected}`.
    pub param_notice: &'static str,
    /// `{param}`, `{value}`, `{max}`.
    pub param_too_far: &'static str,
    /// `{id}`.
    pub not_in_flight: &'static str,
    /// `{id}`.
    pub unknown_segment: &'static str,
    /// `{side}`, `{call}`.
    pub busy: &'static str,
    /// `{from}`, `{to}`.
    pub locked: &'static str,
}

pub static EN: Extra = Extra {
    share: "Share",
    share_label: "Link to exactly this view (scenario, your drops, language, explanation, step):",
    copy: "Copy",
    copied: "Copied.",
    copy_failed: "Copying is not allowed here: select the link and copy it by hand.",
    exports: "Export",
    download_pcap: "Capture (.pcap)",
    download_svg: "Diagram (.svg)",
    param_notice:
        "The setting {param}=“{value}” was not understood (expected {expected}), so the default is used.",
    param_too_far:
        "The setting {param}=“{value}” is beyond this lesson (it has {max}), so the default is used.",
    not_in_flight: "Segment #{id} is not on the wire right now: only a segment in flight can be lost.",
    unknown_segment: "There is no segment #{id}.",
    busy: "The {side} is still inside {call}; a program makes one call at a time.",
    locked: "This lesson shows steps {from} to {to}.",
};

pub static ZH: Extra = Extra {
    share: "分享",
    share_label: "指向当前画面的链接（场景、你丢掉的报文、语言、讲解方式、步骤）：",
    copy: "复制",
    copied: "已复制。",
    copy_failed: "此处不允许自动复制：请选中链接手动复制。",
    exports: "导出",
    download_pcap: "抓包文件 (.pcap)",
    download_svg: "时序图 (.svg)",
    param_notice: "参数 {param}=“{value}” 无法识别（应为 {expected}），已改用默认值。",
    param_too_far: "参数 {param}=“{value}” 超出了本课的范围（共 {max}），已改用默认值。",
    not_in_flight: "报文段 #{id} 现在不在网络上：只有正在传输的报文段才能被丢掉。",
    unknown_segment: "没有 #{id} 号报文段。",
    busy: "{side}还在 {call} 里；一个程序一次只能做一个调用。",
    locked: "本课展示第 {from} 到第 {to} 步。",
};

impl Lang {
    pub fn extra(self) -> &'static Extra {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(e: &Extra) -> [&'static str; 15] {
        [
            e.share,
            e.share_label,
            e.copy,
            e.copied,
            e.copy_failed,
            e.exports,
            e.download_pcap,
            e.download_svg,
            e.param_notice,
            e.param_too_far,
            e.not_in_flight,
            e.unknown_segment,
            e.busy,
            e.locked,
            e.share,
        ]
    }

    #[test]
    fn every_text_exists_in_both_languages_with_the_same_placeholders() {
        let keys = |s: &str| {
            let mut k: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split('}').next())
                .map(String::from)
                .collect();
            k.sort();
            k
        };
        for (en, zh) in all(&EN).iter().zip(all(&ZH)) {
            assert!(!en.trim().is_empty() && !zh.trim().is_empty());
            assert_eq!(keys(en), keys(zh), "{en:?} / {zh:?}");
        }
    }
}
