"""Reading, checking and writing overlap tables."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from crossroads.stats.mse import OverlapTable, OverlapTableError
from crossroads.stats.mse.tests._reference import UK

SPARSEMSE_CSV = "LA,NG,PF,count\n1,0,0,54\n0,1,0,463\n1,1,0,15\n0,0,1,907\n1,1,1,2\n"


def read(text: str) -> OverlapTable:
    return OverlapTable.from_csv(io.StringIO(text))


def error_for(text: str) -> OverlapTableError:
    with pytest.raises(OverlapTableError) as caught:
        read(text)
    return caught.value


def test_it_reads_a_sparsemse_style_csv_and_fills_unlisted_patterns_with_zeros() -> None:
    table = read(SPARSEMSE_CSV)
    assert table.lists == ("LA", "NG", "PF")
    assert table.n_observed == 54 + 463 + 15 + 907 + 2
    assert table.counts.tolist() == [54, 463, 15, 907, 0, 0, 2]
    assert table.list_sizes() == {"LA": 71, "NG": 480, "PF": 909}
    assert table.overlap("LA", "NG") == 17
    assert table.overlap(0, 2) == 2


def test_the_count_column_may_come_first_and_be_capitalised() -> None:
    table = read("Count,police,ngo\n5,1,0\n7,0,1\n2,1,1\n")
    assert table.lists == ("police", "ngo")
    assert table.counts.tolist() == [5, 7, 2]


def test_writing_and_reading_back_gives_the_same_table(tmp_path: Path) -> None:
    path = tmp_path / "uk.csv"
    UK.to_csv(path)
    assert OverlapTable.from_csv(path) == UK
    assert OverlapTable.from_csv(io.StringIO(UK.to_csv(zeros=True))) == UK


def test_a_value_other_than_0_or_1_is_reported_with_row_column_and_value() -> None:
    error = error_for("A,B,count\n1,0,4\n1,2,3\n")
    assert (error.row, error.column, error.value) == (3, "B", "2")
    assert "0 or 1" in str(error)


def test_a_negative_count_is_rejected() -> None:
    error = error_for("A,B,count\n1,0,-4\n")
    assert (error.row, error.column, error.value) == (2, "count", "-4")
    assert "negative" in str(error)


def test_a_fractional_count_is_rejected_but_a_whole_float_is_accepted() -> None:
    error = error_for("A,B,count\n1,0,2.5\n")
    assert (error.row, error.value) == (2, "2.5")
    assert "whole number" in str(error)
    assert read("A,B,count\n1,0,2.0\n0,1,3\n").counts.tolist() == [2, 3, 0]


def test_a_count_that_is_not_a_number_is_rejected() -> None:
    assert error_for("A,B,count\n1,0,many\n").value == "many"


def test_an_all_zero_pattern_is_rejected_because_it_is_the_dark_figure() -> None:
    error = error_for("A,B,count\n1,0,4\n0,0,9\n")
    assert error.row == 3
    assert "dark figure" in str(error)


def test_a_duplicated_pattern_names_both_rows() -> None:
    error = error_for("A,B,count\n1,0,4\n0,1,2\n1,0,5\n")
    assert error.row == 4
    assert "first on row 2" in str(error)


def test_a_missing_count_column_is_reported() -> None:
    error = error_for("A,B,C\n1,0,1\n")
    assert error.row == 1
    assert "'count'" in str(error)


def test_fewer_than_two_or_more_than_twelve_lists_are_rejected() -> None:
    assert "between 2 and 12" in str(error_for("A,count\n1,4\n"))
    header = ",".join(f"L{j}" for j in range(13)) + ",count\n"
    assert "got 13" in str(error_for(header + ",".join(["1"] * 13) + ",3\n"))


def test_rows_with_the_wrong_number_of_fields_and_duplicate_list_names_are_rejected() -> None:
    assert error_for("A,B,count\n1,0\n").row == 2
    assert error_for("A,A,count\n1,0,3\n").column == "A"


def test_an_empty_file_or_a_file_without_people_is_rejected() -> None:
    with pytest.raises(OverlapTableError, match="empty"):
        read("")
    with pytest.raises(OverlapTableError, match="no rows"):
        read("A,B,count\n")
    with pytest.raises(OverlapTableError, match="no observed people"):
        read("A,B,count\n1,0,0\n")


def test_a_list_that_holds_nobody_is_rejected() -> None:
    error = error_for("A,B,C,count\n1,0,0,4\n1,1,0,2\n")
    assert error.column == "C"
    assert "holds nobody" in str(error)


def test_blank_lines_are_ignored() -> None:
    assert read("A,B,count\n\n1,0,3\n\n0,1,2\n").n_observed == 5


def test_records_of_linked_people_are_counted_by_pattern() -> None:
    records = [{"police"}, {"police", "ngo"}, ["ngo"], ("ngo",), {"shelter", "ngo"}]
    table = OverlapTable.from_records(records, ["police", "ngo", "shelter"])
    assert table.counts.tolist() == [1, 2, 1, 0, 0, 1, 0]


def test_a_record_with_an_unknown_list_or_no_list_is_rejected() -> None:
    with pytest.raises(OverlapTableError) as caught:
        OverlapTable.from_records([{"police"}, {"court"}], ["police", "ngo"])
    assert (caught.value.row, caught.value.value) == (2, "court")
    with pytest.raises(OverlapTableError, match="at least one list"):
        OverlapTable.from_records([set()], ["police", "ngo"])


def test_patterns_can_be_strings_sequences_or_sets_of_names() -> None:
    by_string = OverlapTable.from_patterns({"10": 3, "11": 1}, ["x", "y"])
    by_tuple = OverlapTable.from_patterns({(1, 0): 3, (1, 1): 1}, ["x", "y"])
    by_names = OverlapTable.from_patterns({frozenset({"x"}): 3, frozenset({"x", "y"}): 1}, "xy")
    assert by_string == by_tuple == by_names
    assert OverlapTable.from_patterns({"101": 2, "010": 1}).lists == ("A", "B", "C")


def test_a_pattern_of_the_wrong_length_is_rejected() -> None:
    with pytest.raises(OverlapTableError, match="2 entries but there are 3 lists"):
        OverlapTable.from_patterns({"10": 3}, ["a", "b", "c"])


def test_the_table_is_immutable_and_serialises_its_observed_patterns() -> None:
    table = read(SPARSEMSE_CSV)
    with pytest.raises(ValueError, match="read-only"):
        table.counts[0] = 1
    assert table.to_dict() == {
        "lists": ["LA", "NG", "PF"],
        "patterns": {"100": 54, "010": 463, "110": 15, "001": 907, "111": 2},
    }


def test_a_pattern_count_table_is_read_with_default_or_given_list_names() -> None:
    text = "pattern,count\n100,40\n010,30\n001,20\n110,6\n"
    table = read(text)
    assert table.lists == ("A", "B", "C")
    assert table.overlap("A", "B") == 6
    named = OverlapTable.from_csv(io.StringIO(text), lists=["police", "ngo", "shelter"])
    assert named.lists == ("police", "ngo", "shelter")
    assert named.list_sizes() == {"police": 46, "ngo": 36, "shelter": 20}
    # The count column may come first and the header may be in capitals.
    assert read("COUNT,Pattern\n40,100\n30,010\n20,001\n6,110\n") == table


def test_a_pattern_that_lost_its_leading_zeros_is_explained() -> None:
    error = error_for("pattern,count\n100,40\n10,30\n")
    assert error.row == 3
    assert "leading zeros" in str(error)
    assert "found '10'" in str(error)


def test_a_pattern_with_other_characters_names_the_row_and_value() -> None:
    error = error_for("pattern,count\n100,40\n1x0,30\n")
    assert error.row == 3
    assert "0 and 1 only" in str(error)
    assert "'1x0'" in str(error)


def test_list_names_are_refused_for_a_table_whose_header_names_the_lists() -> None:
    with pytest.raises(OverlapTableError, match="header's columns"):
        OverlapTable.from_csv(io.StringIO("A,B,count\n1,0,3\n0,1,4\n1,1,2\n"), lists=["x", "y"])


def test_twelve_lists_are_accepted() -> None:
    header = ",".join(f"L{j}" for j in range(12)) + ",count\n"
    rows = "".join(",".join("1" if i in (j, (j + 1) % 12) else "0" for i in range(12)) + ",2\n"
                   for j in range(12))  # fmt: skip
    table = read(header + rows)
    assert table.k == 12
    assert table.n_observed == 24
