"""``crossroads estimate``, ``overlap`` and ``tokenize``, through call_command."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from crossroads.audit.models import AuditEntry
from crossroads.estimation.tests.helpers import member_records, person, token_file
from crossroads.stats.linkage import LinkageKey, read_token_file
from crossroads.testing import Personas

# Two lists: 30 on the first only, 40 on the second only, 20 on both. With two
# lists only the independence model is estimable, and its estimate is
# Lincoln-Petersen's: (30 + 20) x (40 + 20) / 20 = 150 people, 60 never seen.
TWO_LISTS = "ngo,police,count\n1,0,30\n0,1,40\n1,1,20\n"


def table(tmp_path: Path, text: str = TWO_LISTS) -> Path:
    path = tmp_path / "overlap.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_estimate_gives_the_hand_derived_answer_as_json(tmp_path: Path) -> None:
    out, _ = run("estimate", str(table(tmp_path)), "--json", "--replicates", "0")
    result = json.loads(out)
    assert result["population_size"] == pytest.approx(150.0, rel=1e-9)
    assert result["dark_figure"] == pytest.approx(60.0, rel=1e-9)
    assert result["n_observed"] == 90
    assert result["lists"] == ["ngo", "police"]
    assert result["settings"]["method"] == "stepwise"


def test_estimate_runs_the_bootstrap_by_default_with_a_progress_bar(tmp_path: Path) -> None:
    out, err = run("estimate", str(table(tmp_path)), "--json", "--replicates", "200")
    result = json.loads(out)
    assert result["bootstrap"]["n_boot"] == 200
    assert result["conf_int"]["method"] == "bca"
    assert result["conf_int"]["lower"] < 150 < result["conf_int"]["upper"]
    assert "100%|" in err  # the bar also counts the jackknife for the acceleration


def test_estimate_is_reproducible_for_a_seed(tmp_path: Path) -> None:
    path = str(table(tmp_path))
    first, _ = run("estimate", path, "--json", "--replicates", "100", "--seed", "9", "--quiet")
    second, _ = run("estimate", path, "--json", "--replicates", "100", "--seed", "9", "--quiet")
    assert json.loads(first)["conf_int"] == json.loads(second)["conf_int"]


def test_estimate_prints_a_readable_summary(tmp_path: Path) -> None:
    out, _ = run("estimate", str(table(tmp_path)), "--replicates", "0")
    assert "estimated total               150" in out
    assert "seen on a list                 90" in out
    assert "never seen (estimated)         60" in out
    assert "lists (2): ngo, police" in out
    assert "interactions: none" in out


@pytest.mark.parametrize("method", ["aic", "bic", "averaged"])
def test_estimate_offers_the_other_methods(tmp_path: Path, method: str) -> None:
    out, _ = run("estimate", str(table(tmp_path)), "--method", method, "--json")
    result = json.loads(out)
    assert result["population_size"] == pytest.approx(150.0, rel=1e-6)


# Korea (MultipleSystemsEstimation's data), three lists: BIC's best model is [12,23], 157.1667.
KOREA = "b,c,d,count\n0,0,1,41\n0,1,0,5\n1,0,0,5\n1,1,0,54\n1,0,1,6\n1,1,1,12\n"


def test_the_searches_report_a_bootstrap_that_repeats_the_choice(tmp_path: Path) -> None:
    path = str(table(tmp_path, KOREA))
    out, _ = run("estimate", path, "--method", "bic", "--replicates", "50", "--json", "--quiet")
    result = json.loads(out)
    assert result["population_size"] == pytest.approx(157.1667, rel=1e-6)
    assert result["conf_int"]["method"] == "bca"
    assert result["bootstrap"]["n_boot"] == 50
    assert result["search"]["n_top"] == 0  # three lists: every model is re-selected
    out, _ = run("estimate", path, "--method", "averaged", "--replicates", "50",
                 "--top-models", "2", "--json", "--quiet")  # fmt: skip
    assert json.loads(out)["search"]["bootstrap_candidates"] == 2


def test_max_order_three_is_offered_on_the_command_line(tmp_path: Path) -> None:
    # Four lists, 113 hierarchical models with triples (Rcapture's getAllModels(4)).
    text = "a,b,c,d,count\n" + "".join(
        ",".join(f"{(p >> j) & 1}" for j in range(4)) + f",{5 + p}\n" for p in range(1, 16)
    )
    path = str(table(tmp_path, text))
    out, _ = run("estimate", path, "--method", "bic", "--max-order", "3", "--replicates", "0",
                 "--json")  # fmt: skip
    assert json.loads(out)["search"]["n_models"] == 113
    out, _ = run("estimate", path, "--method", "bic", "--replicates", "0", "--json")
    assert json.loads(out)["search"]["n_models"] == 64


@pytest.mark.parametrize(("method", "expected"), [("mth_chao", 11700.988296), ("mb", 4045.903333)])
def test_the_closed_population_models_are_offered(
    tmp_path: Path, method: str, expected: float
) -> None:
    # Rcapture's HIV table, given in the pattern,count form with names (closedp.t values).
    text = "pattern,count\n1110,3\n1101,1\n1100,33\n1010,20\n1001,6\n1000,403\n0111,3\n"
    text += "0110,35\n0101,10\n0100,545\n0011,11\n0010,621\n0001,205\n"
    path = str(table(tmp_path, text))
    out, _ = run("estimate", path, "--method", method, "--lists", "c1,c2,c3,c4", "--json")
    result = json.loads(out)
    assert result["population_size"] == pytest.approx(expected, rel=1e-8)
    assert result["lists"] == ["c1", "c2", "c3", "c4"]


def test_the_latent_class_model_prints_its_convergence(tmp_path: Path) -> None:
    out, _ = run("estimate", str(table(tmp_path, KOREA)), "--method", "latent_class",
                 "--burn-in", "500", "--samples", "200", "--thinning", "2", "--chains", "2",
                 "--quiet")  # fmt: skip
    assert "Bayesian credible interval" in out
    assert "effective draws" in out and "R-hat" in out
    assert "chain 2 medians over its draws:" in out


def test_compare_runs_every_method_and_reads_the_result(tmp_path: Path) -> None:
    out, _ = run("estimate", str(table(tmp_path, KOREA)), "--replicates", "0", "--compare",
                 "--quiet")  # fmt: skip
    assert "Every method on this table:" in out
    assert "Stepwise (SparseMSE) (this estimate)" in out
    assert "Latent classes (LCMCR)" in out and "Mth Chao" in out
    assert "Reading:" in out
    assert "methods that ran give between" in out
    out, _ = run("estimate", str(table(tmp_path, KOREA)), "--replicates", "0", "--compare",
                 "--json", "--quiet")  # fmt: skip
    comparison = json.loads(out)["comparison"]
    assert {row["key"] for row in comparison["methods"]} >= {"stepwise", "bic", "latent_class"}
    assert comparison["findings"][0]["code"] == "range"


def test_a_pattern_table_without_leading_zeros_is_explained(tmp_path: Path) -> None:
    path = table(tmp_path, "pattern,count\n110,3\n10,4\n")
    with pytest.raises(CommandError, match="leading zeros"):
        run("estimate", str(path))


def test_estimate_explains_a_bad_table(tmp_path: Path) -> None:
    path = table(tmp_path, "ngo,police,count\n1,0,30\n0,1,x\n")
    with pytest.raises(CommandError, match=r"row 3, column 'count'"):
        run("estimate", str(path))
    with pytest.raises(CommandError, match="no such file"):
        run("estimate", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="n_boot must be 0 or at least 10"):
        run("estimate", str(table(tmp_path)), "--replicates", "5")


def test_overlap_links_token_files_into_the_table_estimate_reads(tmp_path: Path) -> None:
    key = LinkageKey("network-test-key-0123456789")
    (tmp_path / "a.csv").write_bytes(token_file("ngo", range(50), key))
    (tmp_path / "b.csv").write_bytes(token_file("police", range(30, 90), key))
    target = tmp_path / "overlap.csv"
    out, _ = run("overlap", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "-o", str(target))
    assert target.read_text(encoding="utf-8") == TWO_LISTS
    assert "Linked 2 lists (ngo 50, police 60): 90 people." in out
    assert "exact        links      20" in out
    estimate, _ = run("estimate", str(target), "--json", "--replicates", "0")
    assert json.loads(estimate)["population_size"] == pytest.approx(150.0)


def test_overlap_refuses_files_made_with_different_keys(tmp_path: Path) -> None:
    one, two = LinkageKey("network-test-key-0123456789"), LinkageKey("another-key-abcdefghijkl")
    (tmp_path / "a.csv").write_bytes(token_file("ngo", range(5), one))
    (tmp_path / "b.csv").write_bytes(token_file("police", range(5), two))
    with pytest.raises(CommandError, match="different linkage keys") as error:
        run("overlap", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"))
    assert one.fingerprint in str(error.value) and two.fingerprint in str(error.value)


def test_overlap_reports_duplicates_within_a_file_by_line(tmp_path: Path) -> None:
    key = LinkageKey("network-test-key-0123456789")
    (tmp_path / "a.csv").write_bytes(token_file("ngo", [0, 1, 0, 2], key))
    (tmp_path / "b.csv").write_bytes(token_file("police", [1, 2], key))
    out, _ = run(
        "overlap", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "-o",
        str(tmp_path / "o.csv"), "--report-duplicates",
    )  # fmt: skip
    assert "lines 3, 5 look like the same person" in out
    assert "ngo: 2 records look like another record of the same list" in out


def test_overlap_adds_members_tokens_from_the_database_and_audits_it(
    personas: Personas, tmp_path: Path
) -> None:
    member_records(personas.data_officer_a, range(50))
    member_records(personas.data_officer_a, range(200, 210), consent="aggregate_only")
    (tmp_path / "police.csv").write_bytes(token_file("police", range(30, 90)))
    target = tmp_path / "overlap.csv"
    run(
        "overlap", str(tmp_path / "police.csv"), "--from-database", "--country", "nld",
        "--year", "2024", "-o", str(target),
    )  # fmt: skip
    assert target.read_text(encoding="utf-8") == TWO_LISTS.replace("ngo", "org-a")
    entry = AuditEntry.objects.get(object_type="overlap")
    assert entry.action == "export"
    assert entry.detail["lists"] == ["org-a"]


def test_overlap_from_the_database_refuses_files_made_with_another_key(
    personas: Personas, tmp_path: Path
) -> None:
    member_records(personas.data_officer_a, range(5))
    other = LinkageKey("another-key-abcdefghijkl")
    (tmp_path / "police.csv").write_bytes(token_file("police", range(5), other))
    with pytest.raises(CommandError, match="this deployment"):
        run(
            "overlap", str(tmp_path / "police.csv"), "--from-database", "--country", "NLD",
            "--year", "2024",
        )  # fmt: skip
    assert not AuditEntry.objects.filter(object_type="overlap").exists()


def test_overlap_needs_two_lists(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(token_file("ngo", range(5), LinkageKey("k" * 20)))
    with pytest.raises(CommandError, match="between 2 and 12 lists"):
        run("overlap", str(tmp_path / "a.csv"))


def test_tokenize_as_a_management_command(tmp_path: Path) -> None:
    key_file = tmp_path / "network.key"
    key_file.write_text("network-test-key-0123456789", encoding="utf-8")
    source = tmp_path / "people.csv"
    rows = ["given_names,family_names,date_of_birth,sex"] + [",".join(person(n)) for n in range(8)]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    target = tmp_path / "tokens.csv"
    out, _ = run(
        "tokenize", str(source), "--key-file", str(key_file), "--list-name", "police-2024",
        "-o", str(target), "--quiet",
    )  # fmt: skip
    assert "Wrote 8 people" in out
    assert read_token_file(target).people == 8
    with pytest.raises(CommandError, match="no token file was written"):
        run("tokenize", str(source), "--key-file", str(tmp_path / "none"), "--list-name", "p",
            "-o", str(target))  # fmt: skip
