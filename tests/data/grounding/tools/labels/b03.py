# Hand labels, sheet s04.
LABELS = {
    "g015": {
        "inv": [("fit perfectly on all sizes", "feature", "one sock said to fit all sizes; facts give three sizes"),
                ("will last years", "feature", "durability duration not in the facts")],
        "sup": [("hikers and everyday wear", "audience: hikers and everyday wear"), ("cushioned sole", "cushioned sole"),
                ("reinforced heel and toe", "reinforced heel and toe"),
                ("70% merino wool, 28% nylon, 2% elastane", "material"), ("merino wool", "material: 70% merino wool"),
                ("28% nylon", "material: 28% nylon"), ("2% elastane", "material: 2% elastane"),
                ("S (EU 36-38)", "sizes"), ("hikers", "audience"), ("M (EU 39-42)", "sizes"), ("hikers", "audience"),
                ("L (EU 43-46)", "sizes"), ("hikers", "audience")],
        "art": [("heading", "Product Description:"), ("section_label", "Wool Material:"),
                ("section_label", "Size Options:"), ("cut_off", "Care")],
        "note": "'the warmth of summer/fall' and 'more luxurious' per size read as nonsense fluff",
    },
    "g016": {
        "sup": [("EU 36-38", "sizes: S (EU 36-38)")],
        "note": "names only the S size range; correct but a merchant selling S-L would change it (not labelled as invented)",
    },
    "g017": {
        "inv": [("for the sole", "material", "says the sole is the merino part; facts give only the blend"),
                ("for the heel and toe", "material", "says heel and toe are nylon; facts give only the blend"),
                ("Keep your socks on the ground until they feel soft and snug", "care", "drying instruction not in the facts"),
                ("All parts of the socks are reinforced", "feature", "facts: reinforced heel and toe only")],
        "sup": [("70% merino wool", "material"), ("28% nylon", "material"), ("Machine wash warm", "care"),
                ("Do not tumble dry", "care"), ("cushioned sole", "cushioned sole")],
        "art": [("markdown", "**Merenio Wool Crew Socks**"), ("other", "Merenio"), ("other", "Cushed sole"),
                ("other", "Refrained heel and toe")],
        "note": "bold markers in every bullet; misspelled words",
    },
    "g018": {
        "sup": [("70% merino wool, 28% nylon, 2% elastane", "material"), ("machine wash warm", "care")],
        "art": [("section_label", "Product:"), ("section_label", "Sized:"), ("section_label", "Wearing:"),
                ("other", "Sized: 70% merino wool, 28% nylon, 2% elastane"), ("cut_off", "do"),
                ("over_limit", "Product: Merino Wool Crew Socks\nSized: 70% merino wool, 28% nylon, 2% elastane\nWearing: machine wash warm; do")],
        "note": "three labelled lines instead of one title (109 chars)",
    },
}
