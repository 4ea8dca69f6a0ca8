"""Files: nothing lost, nothing unsafe parsed, every bad file refused with one clear line.

* the renderer never writes over its inputs: an output equal to the template (or to a
  ``--data`` file) is refused however it is spelled (symlink, ``..``, hard link); the
  importers only read;
* outputs are written atomically: a temporary file in the same folder, then ``os.replace``;
  a failure mid-write leaves the previous output intact and no temporary file behind;
* xlsx is parsed with defusedxml (entity bombs and external entities refused);
* non-spreadsheets, encrypted workbooks, old .xls, zip bombs, damaged and empty files are
  refused by one shared check (:func:`fofxl.io.files.check_xlsx`) before openpyxl opens them,
  with one clear message, in the importers and in the renderer alike;
* LibreOffice failures and hangs are bounded by a timeout, stopped (the whole process group)
  and reported.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from reliability_support import check_message

from fofxl.errors import InputError
from fofxl.io import files, import_file
from fofxl_report import pdf as pdf_module
from fofxl_report.cli import main
from fofxl_report.errors import RenderError
from fofxl_report.render import render

# --------------------------------------------------------------------------------------------
# Files to play with


def workbook(path: Path, rows: int = 5) -> Path:
    """A small valid workbook: a Data sheet (date, nav) and a Report sheet with a formula."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["date", "nav"])
    for i in range(rows):
        ws.append([f"2024-01-{i + 2:02d}", 1.0 + i / 100])
    report = wb.create_sheet("Report")
    report["A1"] = "=FOF_VERSION()"
    wb.save(path)
    return path


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def with_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    """A copy of the workbook ``source`` with one member replaced."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info))
    return target


def declared_size_bomb(path: Path, good: Path) -> Path:
    """A workbook whose central directory declares a 4 GB member (nothing is that big)."""
    data = bytearray(good.read_bytes())
    at = data.find(b"PK\x01\x02")  # first central directory entry
    assert at > 0
    data[at + 24 : at + 28] = (0xFFFFFFF0).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    return path


def ratio_bomb(path: Path) -> Path:
    """A workbook-shaped archive with a 64 MB sheet of zeros packed ~1000:1."""
    return zipped(
        path,
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (64 << 20),
        },
    )


_DOCTYPES = {
    "entity bomb": (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
        b"&lol3;",
    ),
    "external entity": (
        b'<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        b"&secret;",
    ),
}


def evil_sheet(kind: str) -> bytes:
    """A worksheet whose first cell expands an entity (a bomb, or a file on the disk)."""
    doctype, reference = _DOCTYPES[kind]
    return (
        b'<?xml version="1.0"?>\n' + doctype + b"\n"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + reference + b"</t></is></c>"
        b'<c r="B1" t="inlineStr"><is><t>nav</t></is></c></row></sheetData></worksheet>'
    )


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, a phrase its message must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = workbook(folder / "good.xlsx")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    out = {
        "picture renamed .xlsx": (folder / "picture.xlsx", "not a valid Excel workbook"),
        "pdf renamed .xlsx": (folder / "report.xlsx", "not a valid Excel workbook"),
        "empty .xlsx": (folder / "empty.xlsx", "empty"),
        "encrypted .xlsx (OLE signature)": (folder / "locked.xlsx", "encrypted"),
        "old .xls": (folder / "old.xls", "97-2003"),
        "docx renamed .xlsx": (folder / "letter.xlsx", "no workbook inside"),
        "truncated .xlsx": (folder / "truncated.xlsx", "damaged"),
        "random bytes .xlsx": (folder / "noise.xlsx", "not a valid Excel workbook"),
        "zip bomb: declared size": (folder / "declared.xlsx", "zip bomb"),
        "zip bomb: ratio": (folder / "ratio.xlsx", "zip bombs"),
    }
    out["picture renamed .xlsx"][0].write_bytes(png)
    out["pdf renamed .xlsx"][0].write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 200)
    out["empty .xlsx"][0].write_bytes(b"")
    ole = files.OLE_SIGNATURE + b"\x00" * 1024
    out["encrypted .xlsx (OLE signature)"][0].write_bytes(ole)
    out["old .xls"][0].write_bytes(ole)
    zipped(out["docx renamed .xlsx"][0], {"word/document.xml": b"<w:document/>"})
    raw = good.read_bytes()
    out["truncated .xlsx"][0].write_bytes(raw[: len(raw) * 2 // 3])
    out["random bytes .xlsx"][0].write_bytes(os.urandom(4096).replace(b"PK", b"pk"))
    declared_size_bomb(out["zip bomb: declared size"][0], good)
    ratio_bomb(out["zip bomb: ratio"][0])
    return out


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return bad_files(tmp_path_factory.mktemp("bad"))


BAD_NAMES = [
    "picture renamed .xlsx",
    "pdf renamed .xlsx",
    "empty .xlsx",
    "encrypted .xlsx (OLE signature)",
    "old .xls",
    "docx renamed .xlsx",
    "truncated .xlsx",
    "random bytes .xlsx",
    "zip bomb: declared size",
    "zip bomb: ratio",
]


@pytest.fixture
def openpyxl_must_not_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if openpyxl is asked to open the file: the shared check must refuse it first."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl.load_workbook was called on a file the check must refuse")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


# --------------------------------------------------------------------------------------------
# Bad files: one clear error each, before any parser


@pytest.mark.parametrize("name", BAD_NAMES)
def test_importer_refuses_bad_files(bad, openpyxl_must_not_open, name: str) -> None:
    path, phrase = bad[name]
    before = path.read_bytes()
    with pytest.raises(InputError) as err:
        import_file(path)
    message = str(err.value)
    check_message(message, names=(path.name,), contains=(phrase,))
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", BAD_NAMES)
def test_renderer_refuses_bad_templates(bad, openpyxl_must_not_open, tmp_path, name) -> None:
    path, phrase = bad[name]
    before = path.read_bytes()
    out = tmp_path / "out.xlsx"
    with pytest.raises(RenderError) as err:
        render(path, out)
    check_message(str(err.value), names=(path.name,), contains=(phrase,))
    assert path.read_bytes() == before
    assert not out.exists()


@pytest.mark.parametrize("name", ["zip bomb: ratio", "encrypted .xlsx (OLE signature)"])
def test_renderer_refuses_bad_data_files(bad, tmp_path, name: str) -> None:
    path, phrase = bad[name]
    template = workbook(tmp_path / "t.xlsx")
    with pytest.raises(RenderError) as err:
        render(template, tmp_path / "o.xlsx", data=[f"Data={path}"])
    check_message(str(err.value), names=(path.name,), contains=(phrase,))


@pytest.mark.parametrize("name", BAD_NAMES)
def test_cli_says_one_line(bad, tmp_path, capsys, name: str) -> None:
    path, phrase = bad[name]
    assert main(["import", str(path)]) == 2
    assert main(["render", str(path), "-o", str(tmp_path / "o.xlsx")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2, lines
    for line in lines:
        assert phrase in line and "Traceback" not in line


def test_not_a_spreadsheet_as_csv(tmp_path: Path) -> None:
    png = tmp_path / "chart.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    with pytest.raises(InputError) as err:
        import_file(png)
    check_message(str(err.value), names=("chart.csv",), contains=("not a spreadsheet",))
    template = tmp_path / "t.csv"
    template.write_text("date,nav\n2024-01-02,1\n", encoding="utf-8")
    with pytest.raises(RenderError) as err:
        render(template, tmp_path / "o.xlsx")
    check_message(str(err.value), names=("t.csv",), contains=("not a valid Excel workbook",))


def test_oversized_files_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.csv"
    big.write_text("date,nav\n" + "2024-01-02,1\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(files, "MAX_FILE", 1000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file too large"))
    with pytest.raises(InputError) as err:
        import_file(big)
    check_message(str(err.value), names=("huge.csv",), contains=("more than fofxl reads",))


def test_zip_bomb_limits_are_those_documented() -> None:
    assert files.MAX_UNPACKED == 1 << 30 and files.MAX_RATIO == 100
    # a real workbook passes, and so do the bundled templates
    templates = Path(__file__).resolve().parents[2] / "templates"
    for template in templates.glob("*.xlsx"):
        files.check_xlsx(template)


# --------------------------------------------------------------------------------------------
# XML is parsed with defusedxml


def test_openpyxl_uses_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("kind", sorted(_DOCTYPES))
def test_entity_tricks_in_xml_are_refused(tmp_path: Path, kind: str) -> None:
    good = workbook(tmp_path / "good.xlsx")
    evil = with_member(good, tmp_path / "evil.xlsx", "xl/worksheets/sheet1.xml", evil_sheet(kind))
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        import_file(evil)
    check_message(str(err.value), names=(evil.name,))
    assert "root:" not in str(err.value)
    out = tmp_path / "o.xlsx"
    with pytest.raises(RenderError) as err:
        render(evil, out)
    check_message(str(err.value), names=(evil.name,))
    assert not out.exists()
    assert time.perf_counter() - started < 10  # nothing was expanded


# --------------------------------------------------------------------------------------------
# Never writing over an input


def _spellings(tmp_path: Path, template: Path) -> dict[str, Path]:
    (tmp_path / "sub").mkdir(exist_ok=True)
    link = tmp_path / "link.xlsx"
    link.symlink_to(template)
    hard = tmp_path / "hard.xlsx"
    os.link(template, hard)
    return {
        "the same path": template,
        "a relative spelling with ..": tmp_path / "sub" / ".." / template.name,
        "a symlink to it": link,
        "a hard link to it": hard,
    }


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_renderer_never_writes_over_the_template(tmp_path: Path, monkeypatch) -> None:
    template = workbook(tmp_path / "t.xlsx")
    before = template.read_bytes()
    for how, out in _spellings(tmp_path, template).items():
        with pytest.raises(RenderError, match="is the template itself") as err:
            render(template, out)
        check_message(str(err.value), names=(out.name,))
        assert template.read_bytes() == before, how
    upper = tmp_path / "T.XLSX"
    if upper.exists():  # a case-insensitive disk: another spelling of the same file
        with pytest.raises(RenderError, match="is the template itself"):
            render(template, upper)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RenderError, match="is the template itself"):
        render("t.xlsx", "./t.xlsx")
    assert template.read_bytes() == before


def test_renderer_never_writes_over_a_data_file(tmp_path: Path, capsys) -> None:
    template = workbook(tmp_path / "t.xlsx")
    data = workbook(tmp_path / "data.xlsx")
    before = data.read_bytes()
    for spec in (f"Data={data}", str(data)):
        with pytest.raises(RenderError, match="is the data file") as err:
            render(template, data, data=[spec])
        check_message(str(err.value), names=("data.xlsx",))
    assert main(["render", str(template), "--data", f"Data={data}", "-o", str(data)]) == 2
    assert "is the data file" in capsys.readouterr().err
    assert data.read_bytes() == before


def test_importers_only_read(tmp_path: Path, capsys) -> None:
    for path in (workbook(tmp_path / "nav.xlsx"), tmp_path / "nav.csv"):
        if path.suffix == ".csv":
            path.write_text("date,nav\n2024-01-02,1\n2024-01-03,1.01\n", encoding="utf-8")
        os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)  # read-only: a write would fail
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        listing = sorted(p.name for p in tmp_path.iterdir())
        assert import_file(path).data.shape == (2 if path.suffix == ".csv" else 5, 1)
        assert main(["import", str(path)]) == 0
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no file written beside
    capsys.readouterr()


def test_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    template = workbook(tmp_path / "t.xlsx")
    folder = tmp_path / "report.xlsx"
    folder.mkdir()
    with pytest.raises(RenderError) as err:
        render(template, folder)
    check_message(str(err.value), names=("report.xlsx",), contains=("folder",))


# --------------------------------------------------------------------------------------------
# Atomic writes


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_mid_write_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    template = workbook(tmp_path / "t.xlsx")
    out = tmp_path / "out" / "report.xlsx"
    render(template, out)
    previous = out.read_bytes()
    real_save = openpyxl.Workbook.save

    def half_then_fail(self: openpyxl.Workbook, filename: str) -> None:
        real_save(self, filename)
        with open(filename, "r+b") as fh:  # the disk fills up half-way through
            fh.truncate(os.path.getsize(filename) // 2)
        raise failure

    monkeypatch.setattr(openpyxl.Workbook, "save", half_then_fail)
    expected = RenderError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as err:
        render(template, out)
    if expected is RenderError:
        check_message(str(err.value), names=("report.xlsx",), contains=("No space left",))
    assert out.read_bytes() == previous  # the previous report is whole
    openpyxl.load_workbook(out)  # and still opens
    assert _leftovers(out.parent) == []  # no temporary file left behind


def test_writes_go_through_a_temporary_file_and_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = workbook(tmp_path / "t.xlsx")
    out = tmp_path / "report.xlsx"
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    render(template, out)
    (src, dst), *_ = renames
    assert dst == out and src.parent == out.parent and src.name.startswith(".report-")
    assert not src.exists() and out.exists()
    mode = stat.S_IMODE(out.stat().st_mode)
    assert mode & stat.S_IRUSR and mode & stat.S_IWUSR  # an ordinary file, not 0600-only
    assert _leftovers(tmp_path) == []


def test_write_atomic_cleans_up_and_keeps_the_target(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")

    def broken(path: Path) -> None:
        path.write_text("new but incomplete", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        files.write_atomic(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []
    files.write_atomic(target, lambda p: p.write_text("new", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "new"


# --------------------------------------------------------------------------------------------
# LibreOffice: failures and hangs bounded and reported


def fake_soffice(folder: Path, body: str) -> Path:
    """An ``soffice`` on PATH that runs ``body`` (sh) and records its process ids."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "soffice"
    script.write_text(
        f'#!/bin/sh\necho $$ >> "{folder}/pids"\n{body}\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return True


def _assert_none_left_running(bin_dir: Path) -> None:
    """Every LibreOffice process the fake soffice in ``bin_dir`` started has ended (within
    5 s)."""
    pids = [int(p) for p in (bin_dir / "pids").read_text(encoding="utf-8").split()]
    deadline = time.perf_counter() + 5
    while any(map(_alive, pids)) and time.perf_counter() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, pids)), "LibreOffice processes left running"


pytestmark_posix = pytest.mark.skipif(os.name != "posix", reason="a shell script as soffice")


@pytestmark_posix
def test_libreoffice_hang_is_stopped_and_reported(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    # the launcher starts a child that hangs (as soffice starts soffice.bin), and hangs too
    fake_soffice(bin_dir, f'sleep 60 &\necho $! >> "{bin_dir}/pids"\nsleep 60\necho done')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    template = workbook(tmp_path / "t.xlsx")
    out = tmp_path / "report.xlsx"
    started = time.perf_counter()
    with pytest.raises(RenderError) as err:
        render(template, out, pdf=True, timeout=2)
    elapsed = time.perf_counter() - started
    check_message(str(err.value), contains=("LibreOffice", "report.xlsx", "within 2 s"))
    assert elapsed < 15, elapsed
    assert out.exists()  # the workbook itself was written before the PDF was tried
    assert not any(p.name.startswith(".report-print-") for p in tmp_path.iterdir())
    _assert_none_left_running(bin_dir)


@pytestmark_posix
@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ('echo "Error: source file could not be loaded" >&2\nexit 1', "could not be loaded"),
        ("exit 0", "failed to make the PDF of report.xlsx"),  # says nothing, writes no PDF
        ("exit 139", "exit code 139"),
    ],
)
def test_libreoffice_failures_are_reported(tmp_path, monkeypatch, capsys, body, phrase) -> None:
    bin_dir = tmp_path / "bin"
    fake_soffice(bin_dir, body)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    template = workbook(tmp_path / "t.xlsx")
    out = tmp_path / "report.xlsx"
    with pytest.raises(RenderError) as err:
        render(template, out, pdf=True, timeout=10)
    check_message(str(err.value), contains=("LibreOffice", phrase))
    assert main(["render", str(template), "-o", str(out), "--pdf"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0], lines
    assert not (tmp_path / "report.pdf").exists()


@pytestmark_posix
def test_a_stale_pdf_is_not_taken_for_a_new_one(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    fake_soffice(bin_dir, "exit 0")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    book = workbook(tmp_path / "t.xlsx")
    stale = tmp_path / "t.pdf"
    stale.write_bytes(b"%PDF-1.4 old")
    with pytest.raises(RenderError, match="failed to make the PDF of t.xlsx"):
        pdf_module.convert_pdf(book, timeout=10)


def test_missing_libreoffice_is_one_clear_line(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    template = workbook(tmp_path / "t.xlsx")
    assert main(["render", str(template), "-o", str(tmp_path / "o.xlsx"), "--pdf"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "LibreOffice" in lines[0]


def test_bytes_and_paths_are_checked_alike(tmp_path: Path) -> None:
    good = workbook(tmp_path / "good.xlsx")
    assert "xl/workbook.xml" in files.check_xlsx(good)  # the parts, listed once
    assert files.check_xlsx(good.read_bytes(), "good.xlsx") == files.check_xlsx(good)
    with pytest.raises(InputError, match="encrypted"):
        files.check_xlsx(files.OLE_SIGNATURE + b"\0" * 600, "x.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(5):
            archive.writestr(f"part{i}.xml", b"<x/>")
    with pytest.raises(InputError, match="no workbook inside"):
        files.check_xlsx(buffer.getvalue(), "parts.xlsx")


# --------------------------------------------------------------------------------------------
# Ctrl-C: one line, exit 130, no partial files, LibreOffice stopped


def test_ctrl_c_before_writing_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    from fofxl_report import render as render_module

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render_module, "render_workbook", interrupt)
    template = workbook(tmp_path / "t.xlsx")
    assert main(["render", str(template), "-o", str(tmp_path / "o.xlsx")]) == 130
    assert capsys.readouterr().err == "fofxl render: interrupted; nothing written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]


@pytestmark_posix
def test_ctrl_c_during_the_pdf_stops_libreoffice_and_cleans_up(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    # like soffice: a lock file beside the document, a child process, a long conversion
    fake_soffice(
        bin_dir,
        'for a in "$@"; do case "$a" in *.xlsx) touch "$(dirname "$a")/.~lock.$(basename "$a")#";;'
        f' esac; done\nsleep 60 &\necho $! >> "{bin_dir}/pids"\nsleep 60',
    )
    folder = tmp_path / "out"
    folder.mkdir()
    template = workbook(folder / "t.xlsx")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    cmd = [sys.executable, "-m", "fofxl_report.cli", "render", str(template), "-o"]
    proc = subprocess.Popen(
        [*cmd, str(folder / "report.xlsx"), "--pdf"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as at a terminal: a suite started in the background (``pytest &``) ignores
        # SIGINT, and a child would inherit that and never see the interrupt
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.perf_counter() + 60
    while (
        not (bin_dir / "pids").exists()
        or len((bin_dir / "pids").read_text(encoding="utf-8").split()) < 2
    ):
        assert time.perf_counter() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err == f"fofxl render: interrupted; wrote {folder / 'report.xlsx'}, not its PDF\n"
    assert sorted(p.name for p in folder.iterdir()) == ["report.xlsx", "t.xlsx"]
    _assert_none_left_running(bin_dir)


@pytestmark_posix
def test_each_pdf_run_has_a_libreoffice_profile_of_its_own(tmp_path: Path, monkeypatch) -> None:
    """Concurrent runs on one profile clash (the second hands over to the first and converts
    nothing): each run gets its own, removed afterwards."""
    bin_dir = tmp_path / "bin"
    fake_soffice(
        bin_dir,
        f'echo "$1" >> "{bin_dir}/profiles"\n'
        'for a in "$@"; do case "$a" in *.xlsx) : > "${a%.xlsx}.pdf";; esac; done',
    )
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    book = workbook(tmp_path / "t.xlsx")
    pdf_module.convert_pdf(book, timeout=10)
    pdf_module.convert_pdf(book, timeout=10)
    profiles = (bin_dir / "profiles").read_text(encoding="utf-8").split()
    assert len(profiles) == 2 and profiles[0] != profiles[1], profiles
    for profile in profiles:
        assert profile.startswith("-env:UserInstallation=file://")
        assert not Path(profile.removeprefix("-env:UserInstallation=file://")).exists()
