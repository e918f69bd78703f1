r"""Screenshots of the real window for notes and reviews, on the real model.

Run under a real X server (``xvfb-run -s "-screen 0 1366x768x24" ...``, ``QT_QPA_PLATFORM=xcb``)
so tooltips and window decorations show; offscreen works too (the window alone is grabbed)::

    python bench/screenshots.py --data-dir DIR --out shots/ --scene copy --lang en

Scenes:
    copy: a held-out fact sheet (tests/data/grounding) in the Copy tab, 3 grounded description
        variants written by the loaded model, then the mouse parked on the best variant's
        first sentence so its "Rests on: …" tooltip shows; two PNGs (before / with tooltip).
    house: the loaded model writes the first-run guide's samples: the product (Copy tab), the
        sample question about a cracked mug (FAQ tab), the sample customer's profile
        (Customers tab); one PNG each.
    tabs: no model and no generation: every tab in turn with the samples of the first-run guide
        (resources/samples: a product, two customers, the policies) and five staged variant
        cards (one with a flagged phrase, to show the guard's highlight); one PNG per tab.
        ``--lang zh_CN`` shoots the Chinese window, ``--dark`` the dark colour scheme::

            xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
                python bench/screenshots.py --data-dir /tmp/d --out /tmp/shots16 --scene tabs \
                --lang zh_CN --dark
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QToolTip  # noqa: E402

from gui.app import create_window, install_loop  # noqa: E402
from gui.i18n import install_translation  # noqa: E402
from gui.theme import ENV_SCHEME, SchemeFollower  # noqa: E402

SHEETS = ROOT / "tests" / "data" / "grounding" / "fact_sheets.jsonl"


def sheet(sheet_id: str) -> dict[str, Any]:
    """One fact sheet's facts by id."""
    for line in SHEETS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == sheet_id:
            return dict(row["facts"])
    raise SystemExit(f"no fact sheet {sheet_id!r}")


def save(window: Any, path: Path) -> None:
    """The whole screen when an X server runs (tooltips included), else the window."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.environ.get("DISPLAY") and QApplication.platformName() == "xcb":
        subprocess.run(["import", "-window", "root", str(path)], check=True)
    else:
        window.grab().save(str(path))
    print(f"saved {path}")


async def wait_for(check: Any, timeout: float) -> None:
    """Spin the loop until ``check()`` or the timeout."""
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        await asyncio.sleep(0.2)


async def copy_scene(window: Any, out: Path, sheet_id: str, variants: int) -> None:
    """Generate grounded descriptions for one sheet; shoot before and with the tooltip."""
    loaded: list[Any] = []
    window.model_loaded.connect(loaded.append)
    await wait_for(lambda: loaded, 600)
    tab = window.copy_tab
    window.tabs.setCurrentWidget(tab)
    tab.form.load_facts(sheet(sheet_id))
    tab.form.variants.setValue(variants)
    done: list[Any] = []
    tab.generation_done.connect(done.append)
    tab.generate()
    await wait_for(lambda: done, 3600)
    await asyncio.sleep(1.0)
    lang = tab.form.lang.currentData()
    save(window, out / f"copy-{sheet_id}-{lang}.png")
    card = tab.cards[0]
    cursor = card.editor.textCursor()
    cursor.setPosition(2)
    rect = card.editor.cursorRect(cursor)
    point = card.editor.viewport().mapToGlobal(rect.center())
    QCursor.setPos(point)
    QToolTip.showText(point + QPoint(8, 8), card.grounding_text(2), card.editor)
    await asyncio.sleep(1.0)
    save(window, out / f"copy-{sheet_id}-{lang}-hover.png")
    print(json.dumps(done[0], ensure_ascii=False, default=str)[:4000])


STAGED = {
    "en": "Our speckled stoneware mug holds 350 ml of coffee or tea. Each one is thrown and "
    "glazed by hand in Portland, Oregon, so no two are quite the same. It is dishwasher and "
    "microwave safe, and it keeps drinks hot for 6 hours.",
    "zh_CN": "这款手工斑点釉炻器马克杯容量 350 毫升，每只都在俄勒冈州波特兰手工拉坯上釉，"
    "因此没有两只完全相同。可放入洗碗机和微波炉，保温 6 小时。",
}


async def tabs_scene(window: Any, out: Path, lang: str, scheme: str) -> None:
    """Each tab with samples loaded, one PNG per tab (no model, nothing generated)."""
    from gui.dialogs.first_run import FirstRunGuide
    from gui.settings import UiSettings

    guide = FirstRunGuide(window, UiSettings(window.paths))
    guide.load_product()
    window.copy_tab.form.variants.setValue(5)
    window.copy_tab._make_cards(5)
    text = STAGED["zh_CN" if lang == "zh_CN" else "en"]
    span = "6 小时" if lang == "zh_CN" else "6 hours"
    for index, card in enumerate(window.copy_tab.cards):
        flags = [{"span": span, "reason": "not in your facts", "start": text.find(span)}]
        card.set_result(text, flags if index == 0 else [], 0)
        card.set_rank(index)
    imported: list[Any] = []
    window.customers_tab.imported.connect(imported.append)
    guide.load_customer()
    await wait_for(lambda: imported, 120)
    try:
        await asyncio.wait_for(guide._import_policies(), 300)
    except TimeoutError:
        print("policies not indexed in time; the FAQ tab is shot as it is")
    window.copy_tab.state_label.setText(window.copy_tab.tr("Done, best first."))
    window.message_bar.hide()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        await asyncio.sleep(1.0)
        name = window.tabs.widget(index).__class__.__name__.lower()
        save(window, out / f"tab{index + 1}-{name}-{lang}-{scheme}.png")


SAMPLE_QUESTION = "Hi, my mug arrived cracked. What can I do?"


async def house_scene(window: Any, out: Path, lang: str) -> None:
    """The first-run guide's samples written by the loaded model, one PNG per tab.

    The sample product in the Copy tab, the sample question answered in the FAQ tab, the
    sample customer summarised in the Customers tab, as a new user meets them.
    """
    from gui.dialogs.first_run import FirstRunGuide
    from gui.settings import UiSettings

    loaded: list[Any] = []
    window.model_loaded.connect(loaded.append)
    await wait_for(lambda: loaded, 600)
    guide = FirstRunGuide(window, UiSettings(window.paths))
    guide.load_product()
    tab = window.copy_tab
    tab.form.variants.setValue(1)
    done: list[Any] = []
    tab.generation_done.connect(done.append)
    tab.generate()
    await wait_for(lambda: done, 1800)
    await asyncio.sleep(1.0)
    save(window, out / f"house-copy-{lang}.png")
    await asyncio.wait_for(guide._import_policies(), 600)
    faq = window.faq_tab
    window.tabs.setCurrentWidget(faq)
    faq.message_box.setPlainText(SAMPLE_QUESTION)
    replied: list[Any] = []
    faq.replied.connect(replied.append)
    await faq.generate()
    await wait_for(lambda: replied, 1800)
    await asyncio.sleep(1.0)
    save(window, out / f"house-faq-{lang}.png")
    customers = window.customers_tab
    imported: list[Any] = []
    customers.imported.connect(imported.append)
    guide.load_customer()
    await wait_for(lambda: imported, 300)
    summarised: list[Any] = []
    customers.summarised.connect(summarised.append)
    customers.refresh()
    customers.choose(1)
    await customers.summarise()
    await wait_for(lambda: summarised, 1800)
    await asyncio.sleep(1.0)
    save(window, out / f"house-customers-{lang}.png")
    print(json.dumps({"copy": done[0], "faq": replied[0], "profile": summarised[0]},
                     ensure_ascii=False, default=str)[:6000])  # fmt: skip


def main() -> int:
    """Open the window on ``--data-dir``, play the scene, save the PNGs, quit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", type=Path, default=Path("shots"))
    parser.add_argument("--scene", choices=["copy", "tabs", "house"], default="copy")
    parser.add_argument("--lang", choices=["en", "zh_CN"], default="en", help="UI language")
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    parser.add_argument("--sheet", default="s03", help="fact sheet id (held-out: s03, …)")
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = install_loop(app)  # type: ignore[arg-type]
    if args.dark:
        os.environ[ENV_SCHEME] = "dark"
    SchemeFollower(app)  # type: ignore[arg-type]
    install_translation(app, args.lang)
    window = create_window(args.data_dir, load_model=args.scene in ("copy", "house"))
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.move(0, 0)
    window.show()
    failed: list[BaseException] = []

    async def scene() -> None:
        try:
            if args.scene == "tabs":
                scheme = "dark" if args.dark else "light"
                await tabs_scene(window, args.out, args.lang, scheme)
            elif args.scene == "house":
                await house_scene(window, args.out, args.lang)
            else:
                await copy_scene(window, args.out, args.sheet, args.variants)
        except BaseException as exc:
            failed.append(exc)
        finally:
            window.close()
            QTimer.singleShot(0, app.quit)

    task = loop.create_task(scene())
    app.exec()
    del task
    if failed:
        print(f"failed: {failed[0]!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
