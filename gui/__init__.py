"""ShopScribe's window: Qt only; talks to the engine through one worker on one thread."""
