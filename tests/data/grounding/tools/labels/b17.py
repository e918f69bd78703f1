# Hand labels, sheets s43 - s44.
LABELS = {
    "g174": {
        "sup": [("100%纯棉的纱布", "材质: 100%纯棉纱布"), ("层数为六层", "层数"), ("总共5条", "数量"), ("30 x 30厘米", "尺寸"), ("可机洗", "洗涤")],
        "art": [("other", "每条都是5条"), ("meta_text", "如果你有任何特殊的需求或想要更详细的信息，请随时告诉我！")],
        "note": "'确保每次使用都保持卫生' read as implied by machine washing",
    },
    "g175": {
        "sup": [("柔软吸水", "柔软吸水"), ("适合新生儿", "audience")],
    },
    "g176": {
        "inv": [("每条各有用途", "feature", "says each cloth has a different use; not in the facts")],
        "sup": [("深吸水", "柔软吸水"), ("轻松吸水", "柔软吸水"), ("可机洗", "洗涤"), ("5条", "数量")],
        "note": "'轻便', '无需专业操作' read as fluff",
    },
}
LABELS.update({
    "g177": {
        "inv": [("不会因为意外的碰撞或损伤而失控", "feature", "invented function of the safety lock"),
                ("不会因意外的碰撞或损伤而失控", "feature", "invented function of the safety lock"),
                ("大致长度为20厘米", "number", "20 cm is the total length (全长), not the blade's"),
                ("不会因为意外的碰撞或损伤而失控", "feature", "invented function of the safety lock (repeated block)"),
                ("不会因意外的碰撞或损伤而失控", "feature", "invented function of the safety lock (repeated block)"),
                ("大致长度为20厘米", "number", "20 cm is the total length, not the blade's (repeated block)")],
        "sup": [("SK5钢", "刀片"), ("20厘米", "全长"), ("安全锁扣", "安全锁扣"), ("安全锁扣", "安全锁扣"), ("安全锁扣", "安全锁扣"),
                ("安全锁扣", "安全锁扣"), ("SK5钢", "刀片"), ("20厘米", "全长"), ("安全锁扣", "安全锁扣"), ("安全锁扣", "安全锁扣"),
                ("安全锁扣", "安全锁扣"), ("安全锁扣", "安全锁扣")],
        "art": [("meta_text", "产品：园艺修枝剪\n刀片: SK5钢\n全长: 20厘米\n安全锁扣"), ("section_label", "**安全锁扣**："),
                ("markdown", "**安全锁扣**："), ("wrong_language", "ensures"), ("section_label", "**功能**："),
                ("markdown", "- **安全锁扣**:"), ("meta_text", "**一两小段**: 具体描述如下："), ("markdown", "---"),
                ("multiple_texts", "---\n\n产品：园艺修枝剪\n刀片: SK5钢"), ("cut_off", "产品：园艺修枝@last")],
        "note": "the echoed facts and description repeat (looping); 'ensures' left in English",
    },
    "g178": {
        "sup": [("安全锁扣", "安全锁扣")],
        "art": [("other", "\"艺修枝剪：安全锁扣，让你的枝头更加健康！\""), ("other", "艺修枝剪@1")],
        "note": "quoted, truncated product name, no meta description; '让你的枝头更加健康' read as the ordinary effect of pruning",
    },
    "g179": {
        "inv": [("享受专业服务", "other", "a professional service is not part of the product")],
        "art": [("other", "\"安全修枝剪，让您的园艺绽放光彩！无忧无虑地享受专业服务！\""),
                ("over_limit", "\"安全修枝剪，让您的园艺绽放光彩！无忧无虑地享受专业服务！\"")],
        "note": "quoted single line (28 chars > 20 headline); '安全' read as from the safety lock",
    },
    "g180": {
        "art": [("other", "@all"), ("markdown", "1. 红红罐")],
        "note": "gibberish; the numbers are debris",
    },
})
