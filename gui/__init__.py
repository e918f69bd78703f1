"""ShopScribe's window: Qt only, talking to the engine through one worker on one thread."""
