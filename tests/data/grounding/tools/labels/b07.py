# Hand labels, sheets s11 (rest) - s12 (part).
LABELS = {
    "g048": {
        "sup": [("cotton canvas", "material: 12 oz cotton canvas")],
        "art": [("other", "\"Experience a premium canvas tote bag with the cotton canvas feature and great functionality!\"")],
        "note": "one quoted line, no separate headline",
    },
    "g049": {
        "inv": [("offers ample space for a full-body bag", "feature", "the inner pocket said to hold a whole bag; no size in the facts"),
                ("a wedding gown to anything you need to pack your entire wardrobe", "use", "capacity claim (a whole wardrobe) not in the facts")],
        "sup": [("inner zip pocket", "inner zip pocket")],
        "note": "'withstand the weight of your clothing' read as implied by heavy canvas",
    },
    "g050": {
        "art": [("section_label", "SEO 101:"), ("section_label", "Product:"),
                ("other", "TOTE BAG, COOKIES 2022: Great Value for a Warmer Job")],
        "note": "garbled; no product claim ('COOKIES 2022' is nonsense, not a product number)",
    },
    "g051": {
        "inv": [("Steel", "material", "earrings said to be steel; facts: 925 sterling silver"),
                ("can be easily recycled after wear", "certification", "recyclability claim not in the facts")],
        "sup": [("Nickel-Free", "nickel-free"), ("20 mm", "diameter"), ("hinged", "closure"), ("Portugal", "origin: made in Portugal"),
                ("nickel-free", "nickel-free"), ("sterling Silver and Nickel-Free", "material + nickel-free")],
        "art": [("heading", "\"Stirling Silver Hoop Earrings - A Silver Hoop that's Both Steel and Nickel-Free, Perfect for Winter and Summer."),
                ("other", "\"Stirling")],
        "note": "first line is a title with an unclosed quote and a misspelling ('Stirling')",
    },
    "g052": {
        "inv": [("925GoldEarrings", "material", "gold not in the facts"), ("925Crown", "product_type", "not a crown"),
                ("925Wristlaces", "product_type", "not a bracelet"), ("925Pouches", "accessory", "facts: gift box, no pouch"),
                ("925SilverGoldCombos", "material", "gold not in the facts")],
        "sup": [("Portugal", "origin"), ("925SterlingSilver", "material")],
        "art": [("other", "#SilverHoops #PortugalJewelry #925SterlingSilver #925GoldEarrings #925Crown #925Wristlaces #925Pouches #925SilverGoldCombos")],
        "note": "hashtags only; hashtags that name other materials/products labelled as claims (uncertain for hashtags)",
    },
}
