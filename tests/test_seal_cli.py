"""`portal seal` and `portal qr` on the command line: exit codes and Chinese messages, never a traceback."""

from __future__ import annotations

import base64

import pytest
from seal_support import TEST_CONFIG, certificate, copy_institution, write_config, write_csv

from generator.cli import main
from generator.seal.crypto import derive_secret

SAMPLE_EPOCH = "1795449600"  # 2026-11-24 in China
LI = ("李四", "440106199003151282")
NUMBER = "S000144440106264000001"


@pytest.fixture()
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    monkeypatch.chdir(tmp_path)
    write_config(tmp_path)
    inst = copy_institution(tmp_path / "institutions")
    return tmp_path, inst


def seal_args(tmp_path, inst, csv_path, *extra):
    return [
        "seal",
        "certificates",
        str(csv_path),
        "--institution",
        str(inst),
        "--secret",
        str(tmp_path / "keys" / "k.key"),
        *extra,
    ]


def test_seal_then_qr(project, capsys):
    tmp_path, inst = project
    csv_path = write_csv(tmp_path / "c.csv", "certificates", [certificate(NUMBER, *LI)])
    assert main(seal_args(tmp_path, inst, csv_path)) == 0
    out, err = capsys.readouterr()
    assert "证书：新增 1 条、更新 0 条、保留 0 条，共 1 条。" in out
    assert "已生成本机封存密钥" in err

    assert (
        main(
            [
                "qr",
                "--institution",
                str(inst),
                "--certificate-no",
                NUMBER.lower(),
                "--name",
                "李 四",
                "--out",
                str(tmp_path / "qr.svg"),
            ]
        )
        == 0
    )
    out, _ = capsys.readouterr()
    url = out.strip()
    secret = derive_secret("c.no", NUMBER, LI[0], salt=TEST_CONFIG.salt, iterations=TEST_CONFIG.iterations)
    assert url == "https://portal.test/lookup/certificate/#v1." + base64.urlsafe_b64encode(secret).decode().rstrip("=")
    assert (tmp_path / "qr.svg").read_text(encoding="utf-8").startswith("<?xml")

    assert (
        main(
            [
                "qr",
                "--institution",
                str(inst),
                "--certificate-no",
                NUMBER,
                "--name",
                LI[0],
                "--out",
                str(tmp_path / "qr.png"),
            ]
        )
        == 0
    )
    assert (tmp_path / "qr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    assert main(["qr", "--institution", str(inst), "--certificate-no", NUMBER, "--name", LI[0]]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith(url) and ("█" in out or "▀" in out)


def test_qr_for_an_unsealed_certificate(project, capsys):
    tmp_path, inst = project
    assert main(["qr", "--institution", str(inst), "--certificate-no", NUMBER, "--name", LI[0]]) == 1
    assert "找不到证书编号" in capsys.readouterr().err
    assert main(["qr", "--institution", str(inst), "--certificate-no", NUMBER, "--name", LI[0], "--no-check"]) == 0
    assert (
        main(
            [
                "qr",
                "--institution",
                str(inst),
                "--certificate-no",
                NUMBER,
                "--name",
                LI[0],
                "--no-check",
                "--out",
                str(tmp_path / "qr.gif"),
            ]
        )
        == 1
    )
    assert "请用 .svg 或 .png" in capsys.readouterr().err


def test_bad_rows_exit_1_with_every_row(project, capsys):
    tmp_path, inst = project
    csv_path = write_csv(
        tmp_path / "c.csv",
        "certificates",
        [
            certificate(NUMBER, *LI),
            certificate("S000144440106264000002", "王五", "440106199003151281"),
            certificate("S000144440106264000003", "赵六", LI[1], level=9),
        ],
    )
    assert main(seal_args(tmp_path, inst, csv_path)) == 1
    err = capsys.readouterr().err
    assert "发现 2 个错误，涉及 2 行" in err
    assert "c.csv:3:3: 身份证号 (id_number): 校验位错误" in err
    assert "c.csv:4:6: 等级 (level): “9” 不是有效的等级" in err
    assert "Traceback" not in err
    assert not (inst / "sealed").exists()


def test_usage_mistakes(project, capsys):
    tmp_path, inst = project
    assert main(["seal"]) == 1
    assert "请指明要封存的类型" in capsys.readouterr().err
    assert (
        main(["seal", "certificates", "missing.csv", "--institution", str(inst), "--secret", str(tmp_path / "k.key")])
        == 1
    )
    assert "找不到文件：missing.csv" in capsys.readouterr().err
    assert main(["seal", "results", "--institution", str(tmp_path), "x.csv"]) == 1
    assert "不是机构文件夹" in capsys.readouterr().err
    (tmp_path / "portal.toml").write_text("[lookup]\niterations = 10\nsalt = 'short'\n", encoding="utf-8")
    assert main(seal_args(tmp_path, inst, tmp_path / "c.csv")) == 1
    assert "iterations 应为不小于 1000 的整数" in capsys.readouterr().err
