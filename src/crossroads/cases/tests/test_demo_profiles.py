"""The demo's invented country profiles load from their data file and make sense."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crossroads.cases.demo_profiles import PROFILES, WEIGHTS, load_profiles
from crossroads.codebook.loader import load_standard


def test_every_rate_of_every_profile_is_a_probability() -> None:
    assert len(PROFILES) >= 20
    for code, profile in PROFILES.items():
        for field in dataclasses.fields(profile):
            value = getattr(profile, field.name)
            if isinstance(value, float):
                assert 0.0 <= value <= 1.0, (code, field.name, value)


def test_weights_are_positive_and_forms_are_the_standards() -> None:
    standard = load_standard()
    forms = set(standard.vocabularies["exploitation_form"].codes)
    for code, profile in PROFILES.items():
        for name in WEIGHTS:
            weights = getattr(profile, name)
            assert all(weight > 0 for weight in weights.values()), (code, name)
        assert set(profile.forms) <= forms, (code, set(profile.forms) - forms)


def test_a_shared_weight_set_is_used_by_name(tmp_path: Path) -> None:
    data = tmp_path / "profiles.toml"
    fields = {
        f.name: 0.5
        for f in dataclasses.fields(next(iter(PROFILES.values())))
        if f.name not in WEIGHTS
    }
    fields["per_org_year"] = 10
    rates = "\n".join(f"{name} = {value!r}" for name, value in fields.items())
    data.write_text(
        "[shared.few]\nROU = 0.5\nBGR = 0.5\n\n"
        f'[countries.XYZ]\n{rates}\neu_origins = "few"\nnon_eu_origins = {{ NGA = 1.0 }}\n'
        "forms = { labour = 1.0 }\n"
    )
    profile = load_profiles(data)["XYZ"]
    assert profile.eu_origins == {"ROU": 0.5, "BGR": 0.5}
    assert profile.non_eu_origins == {"NGA": 1.0}
    assert profile.international_in == {}
    data.write_text(data.read_text().replace('"few"', '"many"'))
    with pytest.raises(ValueError, match="XYZ: eu_origins names no shared weight set: many"):
        load_profiles(data)
