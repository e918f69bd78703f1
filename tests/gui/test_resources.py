from gui.resources import about_html, app_icon, resource_path


def test_icon_loads(qapp):
    assert resource_path("icon.png").is_file()
    assert not app_icon().isNull()


def test_about_credits_both_models_and_names_the_data_folder():
    text = about_html(version="9.9", data="/tmp/shop-data")
    assert "ShopScribe 9.9" in text and "/tmp/shop-data" in text
    assert "SmolLM2" in text and "Qwen" in text and "Apache-2.0" in text


def test_window_uses_the_icon(qtbot, tiny_paths):
    from gui.app import create_window

    window = create_window(str(tiny_paths.root), load_model=False)
    qtbot.addWidget(window)
    assert not window.windowIcon().isNull()
    window.close()
