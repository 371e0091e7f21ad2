"""Importing mobilities: the office's template, and the EC's open Erasmus mobility records.

Both are idempotent: each row gets a key (the template: person or participant, type, direction and
start; Erasmus: the row's content and its occurrence in the file), and a row whose key was imported
before is left unchanged, so the same file twice changes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.agreements.models import Agreement
from intercoop.core import countries
from intercoop.core.access import access_for
from intercoop.core.errors import DomainError
from intercoop.core.identifiers import (
    ErasmusReading,
    erasmus_code_message,
    erasmus_code_normalise,
    erasmus_code_read,
)
from intercoop.core.importing import Importer, Row, RowResult, choice_map
from intercoop.core.spreadsheets import Column, Labels
from intercoop.mobility.models import (
    Direction,
    Funding,
    InternationalStudent,
    Mobility,
    MobilityType,
    ParticipantKind,
)
from intercoop.mobility.permissions import ERASMUS_IMPORT, MOBILITY_IMPORT
from intercoop.mobility.records import services
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners.models import Partner

DIRECTION_EN = {"out": "Outgoing", "in": "Incoming"}
TYPE_EN = dict(
    zip(
        MobilityType.values,
        [
            "Study exchange",
            "Overseas internship",
            "Internship at a Chinese enterprise operating abroad",
            "Overseas employment",
            "Teaching",
            "Training received",
            "Training delivered",
            "Research visit",
            "Competition",
            "Short programme or summer school",
        ],
        strict=True,
    )
)
KIND_EN = {"student": "Student", "teacher": "Teacher", "staff": "Staff", "other": "Other"}

MOBILITY_COLUMNS = [
    Column(
        "direction",
        "方向",
        "Direction",
        width=10,
        required=True,
        choices=Labels(Direction.choices, DIRECTION_EN),
    ),
    Column("type", "类型", "Type", width=24, required=True),
    Column("person_number", "学号或工号", "Student or staff number", width=16),
    Column("participant", "姓名或匿名标识", "Name or anonymised label", width=20),
    Column(
        "participant_kind",
        "人员类别",
        "Participant kind",
        width=12,
        choices=Labels(ParticipantKind.choices, KIND_EN),
    ),
    Column("unit", "学院代码", "College code", width=12),
    Column("home", "派出单位", "Home organisation", width=24),
    Column("host", "接收单位", "Host organisation", width=24),
    Column("country", "国家或地区", "Country", width=10),
    Column("city", "城市", "City", width=14),
    Column("planned_start", "计划开始", "Planned start", width=12),
    Column("planned_end", "计划结束", "Planned end", width=12),
    Column("start_date", "实际开始", "Actual start", width=12),
    Column("end_date", "实际结束", "Actual end", width=12),
    Column("credits_planned", "计划学分", "Credits planned", width=10),
    Column("credits_obtained", "获得学分", "Credits obtained", width=10),
    Column("funding", "经费来源", "Funding", width=16),
    Column("grant_amount", "资助金额", "Grant", width=10),
    Column("agreement", "协议编号", "Agreement number", width=16),
    Column("project", "项目", "Project", width=20),
    Column("notes", "备注", "Notes", width=24),
]


def _key(*parts: Any) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _decimal(row: Row, key: str) -> Decimal | None:
    text = row.text(key)
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        row.error(key, _("“%(value)s” is not a number.") % {"value": text})
        return None
    if value < 0:
        row.error(key, _("Must be at least %(n)s.") % {"n": 0})
        return None
    return value


def _partner_index(institution: Institution) -> dict[str, Partner]:
    """Partners of the institution by Erasmus code and by every spelling of their name (folded)."""
    index: dict[str, Partner] = {}
    for partner in Partner.objects.filter(
        institution=institution, archived_at__isnull=True, merged_into__isnull=True
    ):
        for text in (partner.name, partner.name_zh, partner.name_en):
            if text:
                index.setdefault("n:" + text.strip().casefold(), partner)
        if partner.erasmus_code:
            index["e:" + partner.erasmus_code] = partner
    return index


def find_partner(index: dict[str, Partner], text: str) -> Partner | None:
    code = erasmus_code_normalise(text)
    if code and "e:" + code in index:
        return index["e:" + code]
    return index.get("n:" + text.strip().casefold())


def _existing_keys(institution: Institution) -> set[str]:
    return set(
        Mobility.objects.filter(institution=institution)
        .exclude(external_key="")
        .values_list("external_key", flat=True)
    )


def _write_mobilities(self: Importer, rows: list[RowResult], *, context: dict[str, Any], actor: Any) -> int:
    """Both mobility importers write their clean rows alike: fresh references, one audit entry each."""
    return services.bulk_write(
        institution=context["institution"],
        records=(Mobility(**r.values) for r in rows),
        actor=actor,
        batch_id=context.get("batch_id"),
    )


class MobilityImporter(Importer):
    key = "mobility"
    label = gettext_lazy("Mobilities")
    permission = MOBILITY_IMPORT
    columns = MOBILITY_COLUMNS
    allows_partial = True
    accepts_csv = True
    notes = (
        "一行一次流动（一人一次出国（境）或来校）。方向：Outgoing/派出 或 Incoming/来校。"
        "类型写代码、中文或英文，如 study、Study exchange、交换学习。"
        "学号或工号须与人员库一致；匿名记录填“姓名或匿名标识”。",
        "One mobility a row. Direction: Outgoing or Incoming (派出/来校). Type: code, Chinese or English "
        "(study, Study exchange, 交换学习). The student or staff number must match a person; anonymised "
        "records give a label instead.",
        "派出单位/接收单位：合作伙伴的名称或 Erasmus 代码，须已在合作伙伴库中。国家或地区：ISO 代码或名称，"
        "不填则取合作伙伴所在国。只填实际日期时，计划日期取实际日期。",
        "Home and host: a partner's name or Erasmus code, already in the partner directory. Country: ISO "
        "code or name; empty takes the partner's country. With only actual dates, the planned dates are "
        "the actual ones.",
        "同一文件再次导入不会重复写入：已导入的行保持不变。",
        "Importing the same file again changes nothing: rows imported before are left unchanged.",
    )
    example_rows = (
        (
            "Outgoing",
            "Study exchange",
            "S2023010001",
            "",
            "Student",
            "AUTO",
            "",
            "Technische Hochschule Ingolstadt",
            "DE",
            "Ingolstadt",
            dt.date(2026, 3, 1),
            dt.date(2026, 7, 31),
            "",
            "",
            30,
            "",
            "Special fund for international cooperation",
            20000,
            "",
            "",
            "",
        ),
    )

    def prepare(self, context: dict[str, Any]) -> None:
        institution: Institution = context["institution"]
        context["partners"] = _partner_index(institution)
        context["people"] = {
            p.number: p
            for p in Person.objects.filter(institution=institution, archived_at__isnull=True)
            .exclude(number="")
            .select_related("org_unit")
        }
        context["units"] = {
            u.code.casefold(): u
            for u in OrgUnit.objects.filter(institution=institution, archived_at__isnull=True)
        }
        context["agreements"] = {
            a.number: a for a in Agreement.objects.filter(institution=institution, archived_at__isnull=True)
        }
        context["keys"] = _existing_keys(institution)
        context["direction_map"] = choice_map(Direction.choices, english=DIRECTION_EN)
        context["type_map"] = choice_map(MobilityType.choices, english=TYPE_EN)
        context["kind_map"] = choice_map(ParticipantKind.choices, english=KIND_EN)
        context["funding_map"] = choice_map(Funding.choices)
        context["access"] = access_for(context.get("actor"))

    def clean(self, row: Row, context: dict[str, Any]) -> None:
        direction = row.choice("direction", context["direction_map"], required=True)
        mtype = row.choice("type", context["type_map"], required=True)
        kind = row.choice("participant_kind", context["kind_map"], default=ParticipantKind.STUDENT)
        number = row.text("person_number", max_length=30)
        label = row.text("participant", max_length=120)
        person = None
        if number:
            person = context["people"].get(number)
            if person is None:
                row.error("person_number", _("No person has the number “%(n)s”.") % {"n": number})
        elif not label:
            row.error("participant", _("Give a student or staff number, or an anonymised label."))
        unit = None
        unit_code = row.text("unit", max_length=30)
        if unit_code:
            unit = context["units"].get(unit_code.casefold())
            if unit is None:
                row.error("unit", _("No unit has the code “%(code)s”.") % {"code": unit_code})
        elif person is not None and direction == Direction.OUTGOING:
            unit = person.org_unit
        access = context["access"]
        if unit is not None and not access.can(
            MOBILITY_IMPORT, institution_id=unit.institution_id, unit_path=unit.path
        ):
            row.error("unit", _("You may not record mobilities of this unit."))
        if unit is None and not row.result.errors and not access.can_institution_wide(MOBILITY_IMPORT):
            row.error("unit", _("This column is required."))
        partners: dict[str, Partner | None] = {}
        for key in ("home", "host"):
            text = row.text(key)
            partners[key] = None
            if text:
                partners[key] = find_partner(context["partners"], text)
                if partners[key] is None:
                    row.error(
                        key,
                        _("Unknown partner “%(name)s”: add it to the partner directory first.")
                        % {"name": text},
                    )
        partner = partners["host"] if direction == Direction.OUTGOING else partners["home"]
        country = row.country("country")
        if not country and partner is not None:
            country = partner.country
        if not country and not row.result.errors:
            row.error("country", _("This column is required."))
        start_date = row.date("start_date")
        end_date = row.date("end_date")
        planned_start = row.date("planned_start") or start_date
        planned_end = row.date("planned_end") or end_date
        if planned_start is None and not row.result.errors:
            row.error("planned_start", _("Give the planned or the actual start."))
        if planned_end is None and not row.result.errors:
            row.error("planned_end", _("Give the planned or the actual end."))
        if planned_start and planned_end and planned_end < planned_start:
            row.error("planned_end", _("The planned end is before the planned start."))
        if end_date and not start_date:
            row.error("start_date", _("Give the actual start with the actual end."))
        if start_date and end_date and end_date < start_date:
            row.error("end_date", _("The actual end is before the actual start."))
        agreement = None
        agreement_number = row.text("agreement")
        if agreement_number:
            agreement = context["agreements"].get(agreement_number)
            if agreement is None:
                row.error("agreement", _("No agreement has the number “%(n)s”.") % {"n": agreement_number})
        values = {
            "direction": direction,
            "type": mtype,
            "person": person,
            "participant_label": "" if person else label,
            "participant_kind": kind,
            "org_unit": unit,
            "home_partner": partners["home"],
            "host_partner": partners["host"],
            "country": country,
            "city": row.text("city", max_length=100),
            "planned_start": planned_start,
            "planned_end": planned_end,
            "start_date": start_date,
            "end_date": end_date,
            "credits_planned": _decimal(row, "credits_planned"),
            "credits_obtained": _decimal(row, "credits_obtained"),
            "funding": row.choice("funding", context["funding_map"]),
            "grant_amount": _decimal(row, "grant_amount"),
            "agreement": agreement,
            "project": row.text("project"),
            "notes": row.text("notes", max_length=2000),
        }
        who = person.pk if person else "label:" + label
        values["external_key"] = "t:" + _key(who, mtype, direction, planned_start)
        row.result.values = values
        who_label = person.display_name if person else label
        row.result.summary = f"{who_label} · {MobilityType(mtype).label} · {countries.name(country)}"
        if values["external_key"] in context["keys"]:
            row.result.unchanged = _("imported before; left unchanged")

    def check_file(self, rows: list[RowResult], context: dict[str, Any]) -> None:
        """Duplicated rows, and overlapping mobilities of one person, in the file or against the database."""
        first_row: dict[str, int] = {}
        by_person: dict[int, list[RowResult]] = defaultdict(list)
        for r in rows:
            if r.errors:
                continue
            key = r.values["external_key"]
            if key in first_row:
                r.add_error(None, _("The same mobility as row %(row)s.") % {"row": first_row[key]})
                continue
            first_row[key] = r.number
            if r.values["person"] is not None and not r.unchanged:
                by_person[r.values["person"].pk].append(r)
        if not by_person:
            return
        existing = defaultdict(list)
        for m in Mobility.objects.filter(person_id__in=list(by_person), archived_at__isnull=True).exclude(
            status=Mobility.Status.CANCELLED
        ):
            existing[m.person_id].append(m)

        def span(v: dict[str, Any]) -> tuple[dt.date, dt.date]:
            return (v["start_date"] or v["planned_start"], v["end_date"] or v["planned_end"])

        for person_id, person_rows in by_person.items():
            seen: list[RowResult] = []
            for r in person_rows:
                first, last = span(r.values)
                clash_row = next(
                    (o for o in seen if span(o.values)[0] <= last and first <= span(o.values)[1]), None
                )
                clash = next(
                    (m for m in existing[person_id] if m.first_day <= last and first <= m.last_day), None
                )
                if clash_row is not None:
                    r.add_error(
                        None, _("Overlaps row %(row)s for the same person.") % {"row": clash_row.number}
                    )
                elif clash is not None:
                    r.add_error(None, services.overlap_message(clash.who, clash))
                seen.append(r)

    write = _write_mobilities


# -- Erasmus open data ------------------------------------------------------------------------------

ERASMUS_COLUMNS = [
    Column("home_institution", "派出院校 Erasmus 代码", "home_institution", required=True),
    Column("host_institution", "接收院校 Erasmus 代码", "host_institution", required=True),
    Column("mobility_type", "流动类型（S 学习/P 实习/C 两者）", "mobility_type", required=True),
    Column("age", "年龄", "age"),
    Column("gender", "性别", "gender"),
    Column("nationality", "国籍", "nationality"),
    Column("work_placement", "实习单位", "work_placement"),
    Column("country_work_placement", "实习国家", "country_work_placement"),
    Column("length_study", "学习月数", "length_study"),
    Column("length_work", "实习月数", "length_work"),
    Column("study_start_date", "学习开始（月-年）", "study_start_date"),
    Column("work_start_date", "实习开始（月-年）", "work_start_date"),
    Column("ects_total", "ECTS 学分", "ects_total"),
    Column("study_grant", "学习资助（欧元）", "study_grant"),
    Column("work_grant", "实习资助（欧元）", "work_grant"),
]
# The EC's files use EU country abbreviations where ISO 3166 differs.
EU_COUNTRY = countries.EC_ALIASES


def month_start(text: str) -> dt.date | None:
    """``09-2008`` (or ``2008-09``) as 1 September 2008."""
    parts = text.strip().replace("/", "-").split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    month, year = (int(parts[0]), int(parts[1])) if len(parts[0]) <= 2 else (int(parts[1]), int(parts[0]))
    if not 1 <= month <= 12 or not 1950 <= year <= 2100:
        return None
    return dt.date(year, month, 1)


def end_after_months(start: dt.date, months: Decimal) -> dt.date:
    """The last day of a stay of ``months`` months (whole months, then 30 days a month for the rest)."""
    whole = int(months)
    year, month = divmod(start.month - 1 + whole, 12)
    year += start.year
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    end = dt.date(year, month, day) + dt.timedelta(days=round(float(months - whole) * 30))
    return max(start, end - dt.timedelta(days=1))


OTHER_INSTITUTIONS = "other_institutions"


class ErasmusImporter(Importer):
    key = "mobility_erasmus"
    skip_reasons = {OTHER_INSTITUTIONS: gettext_lazy("rows of other institutions")}
    label = gettext_lazy("Erasmus mobility records (EC open data)")
    permission = ERASMUS_IMPORT
    columns = ERASMUS_COLUMNS
    allows_partial = True
    accepts_csv = True
    # A whole year of the EC's records in one file (40–60 MB, about a million rows; issue 18 item 2),
    # checked and imported by the worker.
    max_rows = 2_000_000
    max_bytes = 250 * 1024 * 1024
    notes = (
        "欧盟委员会公开的 Erasmus 学生流动数据（CSV，分号分隔），每行一次匿名流动。派出或接收院校之一须为本校"
        "（本校 Erasmus 代码在机构设置中），其他院校的行只计数、不导入；"
        "另一方须已在合作伙伴库中（按 Erasmus 代码匹配）。",
        "The European Commission's open Erasmus student-mobility records (CSV, semicolons), one "
        "anonymised mobility a row. Rows whose home or host is this institution are imported (its Erasmus "
        "code is in the institution settings); rows of other institutions are counted and left out. The "
        "other side must be in the partner directory (matched by Erasmus code).",
        "S = 学习交换，P = 海外实习（接收单位为企业：按名称匹配合作伙伴，否则按名称记录，国家取实习国家），"
        "C = 学习加实习（记为学习交换）。月数换算为日期：整月后每月按 30 天计。",
        "S = study exchange, P = overseas placement (the host is an enterprise: matched to a partner by "
        "name, else recorded by its name, in the placement's country), C = study and placement "
        "(recorded as study). Months become dates: whole months, then 30 days a month.",
        "相同的匿名行是不同的流动。同一文件（或包含已导入文件的全年文件）再次导入不会重复写入；"
        "拆分后的各部分依次导入，各行都会写入。",
        "Identical anonymous rows are different mobilities. The same file again, or a whole year's file that "
        "contains a file imported before, writes nothing twice; the parts of a split file imported one after "
        "the other are all written.",
    )

    def prepare(self, context: dict[str, Any]) -> None:
        from intercoop.partners import reference

        institution: Institution = context["institution"]
        own = erasmus_code_normalise((institution.settings or {}).get("mobility", {}).get("erasmus_code", ""))
        if not own:
            raise DomainError(
                _(
                    "This institution has no Erasmus code in its settings, so no row can be told outgoing "
                    "or incoming. The international office sets it under Institution settings."
                )
            )
        context["own"] = own
        context["partners"] = _partner_index(institution)
        known = reference.known_codes() | {k[2:] for k in context["partners"] if k.startswith("e:")}
        context["known"] = known.__contains__
        context["codes"] = {}  # text -> reading: the files repeat a few thousand codes a million times

    def _read(self, text: str, context: dict[str, Any]) -> ErasmusReading:
        cache = context["codes"]
        if text not in cache:
            cache[text] = erasmus_code_read(text, context["known"])
        return cache[text]

    def row_filter(self, positions: dict[str, int], context: dict[str, Any]) -> Any:
        """Other institutions' rows, left out as the file is read: only the two codes are looked at."""
        home_at, host_at = positions.get("home_institution"), positions.get("host_institution")
        if home_at is None or host_at is None:
            return None

        def leave_out(cells: Any) -> str:
            own = context["own"]
            size = len(cells)
            for at in (home_at, host_at):
                text = str(cells[at] or "").strip() if at < size else ""
                reading = self._read(text, context)
                if reading.code == own or own in reading.candidates:
                    return ""
            return OTHER_INSTITUTIONS

        return leave_out

    def clean(self, row: Row, context: dict[str, Any]) -> None:
        own = context["own"]
        raw = row.raw.values
        home = self._read(str(raw.get("home_institution") or "").strip(), context)
        host = self._read(str(raw.get("host_institution") or "").strip(), context)
        if not (home.code == own or own in home.candidates or host.code == own or own in host.candidates):
            # Another institution's row: counted, never read further (nine in ten rows of the EC's files).
            row.result.skipped = OTHER_INSTITUTIONS
            return
        home_text, host_text = row.text("home_institution"), row.text("host_institution")
        if home.code == own or own in home.candidates:
            direction, other_key, other_text, other = Direction.OUTGOING, "host_institution", host_text, host
        else:
            direction, other_key, other_text, other = Direction.INCOMING, "home_institution", home_text, home
        own_key = "home_institution" if direction == Direction.OUTGOING else "host_institution"
        own_text = home_text if direction == Direction.OUTGOING else host_text
        if self._read(own_text, context).code != own:
            row.error(own_key, erasmus_code_message(own_text, self._read(own_text, context)))
        # Every problem of the row is reported, not only the first (issue 18 item 7).
        kind = row.text("mobility_type").upper()
        if kind not in ("S", "P", "C"):
            row.error("mobility_type", _("“%(value)s” is not one of S, P or C.") % {"value": kind})
        placement = kind == "P"
        partner: Partner | None = None
        host_name = ""
        country = ""
        if placement and direction == Direction.OUTGOING and not other_text:
            # A placement's host is an enterprise, named in work_placement with its country.
            host_name = " ".join(row.text("work_placement", max_length=200).split())
            if host_name:
                partner = context["partners"].get("n:" + host_name.casefold())
        elif not other_text:
            row.error(other_key, _("This column is required."))
        elif other.code is None:
            row.error(other_key, erasmus_code_message(other_text, other))
        else:
            partner = context["partners"].get("e:" + other.code)
            if partner is None:
                row.error(
                    other_key,
                    _("Unknown partner: no partner in the directory has the Erasmus code %(code)s.")
                    % {"code": other.code},
                )
        if partner is not None:
            country = partner.country
        if placement:
            placement_text = row.text("country_work_placement").upper()
            placement_country = EU_COUNTRY.get(placement_text, placement_text)
            if placement_country and countries.is_valid(placement_country):
                country = placement_country
            elif placement_text:
                row.error(
                    "country_work_placement",
                    _("Unknown country or region code “%(code)s”.") % {"code": placement_text},
                )
            elif not country:
                row.error("country_work_placement", _("Give the country of the placement."))
        start_key, length_key = (
            ("work_start_date", "length_work") if placement else ("study_start_date", "length_study")
        )
        start = month_start(row.text(start_key))
        if start is None:
            row.error(
                start_key,
                _("“%(value)s” is not a month; write it as 09-2008.") % {"value": row.text(start_key)},
            )
        months = _decimal(row, length_key)
        if months is None or months <= 0:
            row.error(length_key, _("Give the months abroad (more than 0)."))
        nationality = row.text("nationality").upper()
        nationality = EU_COUNTRY.get(nationality, nationality)
        if nationality and not countries.is_valid(nationality):
            row.error("nationality", _("Unknown country or region code “%(code)s”.") % {"code": nationality})
        age = row.integer("age")
        gender = row.text("gender").upper()[:1]
        grants = [_decimal(row, "study_grant"), _decimal(row, "work_grant")]
        credits = _decimal(row, "ects_total")
        if row.result.errors or start is None or months is None:
            return
        end = end_after_months(start, months)
        # The row's content, as it was keyed before placements were imported (a placement adds its host's
        # name); the occurrence among identical rows is given in check_file, over earlier files too.
        digest = _key(*(row.text(k) for k in ERASMUS_DIGEST_KEYS), *((host_name,) if placement else ()))
        host_label = other.code or host_name or "?"
        home_label, far_label = (own, host_label) if direction == Direction.OUTGOING else (host_label, own)
        row.result.values = {
            "direction": direction,
            "type": MobilityType.INTERNSHIP if placement else MobilityType.STUDY,
            "participant_label": f"Erasmus {home_label} → {far_label} · {gender or '?'} {age or ''}".strip(),
            "participant_kind": ParticipantKind.STUDENT,
            "gender": gender if gender in ("M", "F") else "",
            "nationality": nationality,
            "age": age,
            "home_partner": partner if direction == Direction.INCOMING else None,
            "host_partner": partner if direction == Direction.OUTGOING else None,
            "host_name": "" if partner is not None else host_name,
            "country": country,
            "planned_start": start,
            "planned_end": end,
            "start_date": start,
            "end_date": end,
            "credits_planned": credits,
            "credits_obtained": credits,
            "funding": Funding.ERASMUS,
            "grant_amount": sum((g for g in grants if g is not None), Decimal(0)),
            "currency": "EUR",
            "external_key": digest,  # completed by check_file
        }
        row.result.summary = f"{home_label} → {far_label} · {start:%Y-%m} · {months} × {_('months')}"

    def check_file(self, rows: list[RowResult], context: dict[str, Any]) -> None:
        """Give every clean row its key: ``erasmus:<content digest>:<n>``, n counting identical rows.

        Identical anonymous rows are different mobilities, in one file and across the parts of a split
        file alike, so a new row's n continues after every identical row already stored. A file is "the
        same rows again" only where it contains a whole earlier file (a year's file after one of its
        parts, the same file again, a file re-imported after fixing its partners) or lies inside one:
        those rows are left unchanged and the report says from which file. No row is ever reported as
        imported that is not stored."""
        clean = [r for r in rows if not r.errors and r.values]
        in_file = Counter(r.values["external_key"] for r in clean)
        stored, by_batch = _stored_erasmus(context["institution"])
        covered: Counter[str] = Counter()
        sources: dict[str, list[int | None]] = defaultdict(list)
        for batch_id, batch_rows in sorted(by_batch.items(), key=lambda item: item[0] or 0):
            if all(stored_n <= in_file[d] for d, stored_n in batch_rows.items()):
                covered.update(batch_rows)  # the whole earlier file is in this one
                for d in batch_rows:
                    sources[d].append(batch_id)
            elif all(n <= batch_rows[d] for d, n in in_file.items()):
                covered = Counter(in_file)  # this file lies inside the earlier one
                sources = defaultdict(list, {d: [batch_id] for d in in_file})
                break
        names = context.get("batch_names", lambda ids: {})(
            {b for found in sources.values() for b in found if b is not None}
        )
        seen: Counter[str] = Counter()
        for r in clean:
            digest = r.values["external_key"]
            seen[digest] += 1
            k = seen[digest]
            if k <= min(covered[digest], in_file[digest]):  # one of the copies stored before
                r.values["external_key"] = f"erasmus:{digest}:{k}"
                files = [names.get(b, _("an earlier file")) for b in sources.get(digest, [])]
                r.unchanged = _("imported before from %(files)s; left unchanged") % {
                    "files": "; ".join(f"“{f}”" for f in dict.fromkeys(files)) or _("an earlier file")
                }
                continue
            already = min(covered[digest], in_file[digest])  # this file's copies stored before
            r.values["external_key"] = f"erasmus:{digest}:{stored[digest] + k - already}"

    write = _write_mobilities


# The columns whose text identified an Erasmus row before placements were imported: kept as they were,
# so that files imported then are still recognised.
ERASMUS_DIGEST_KEYS = tuple(c.key for c in ERASMUS_COLUMNS if c.key != "work_placement")


def _stored_erasmus(institution: Institution) -> tuple[Counter[str], dict[int | None, Counter[str]]]:
    """Per content digest, the highest n stored; and per import batch, how many rows of each digest it
    wrote (archived rows count too: they are stored, and their keys are taken)."""
    stored: Counter[str] = Counter()
    by_batch: dict[int | None, Counter[str]] = defaultdict(Counter)
    for key, batch_id in Mobility.objects.filter(
        institution=institution, external_key__startswith="erasmus:"
    ).values_list("external_key", "import_batch_id"):
        _prefix, digest, n = key.split(":")
        stored[digest] = max(stored[digest], int(n))
        by_batch[batch_id][digest] += 1
    return stored, by_batch


# -- trainees of a training -------------------------------------------------------------------------------

TRAINEE_COLUMNS = [
    Column("event", "培训编号", "Training reference", width=16, required=True),
    Column("name", "姓名", "Name", width=28, required=True),
    Column("nationality", "国籍", "Nationality", width=12, required=True),
    Column("organisation", "单位", "Organisation", width=30),
]


class TraineeImporter(Importer):
    """The list of trainees of one or more trainings: the everyday case of a class list from a partner."""

    key = "training_trainees"
    label = gettext_lazy("Trainees of trainings for foreign trainees")
    permission = MOBILITY_IMPORT
    columns = TRAINEE_COLUMNS
    accepts_csv = True
    notes = (
        "一行一名学员。培训编号须为已登记的培训（如 TR-2026-001）。国籍写 ISO 代码或名称。"
        "同一培训中姓名、国籍和单位都相同的学员只计一次；再次导入同一文件不作改动。",
        "One trainee a row. The training reference must be a recorded training (TR-2026-001). Nationality: "
        "ISO code or name. A trainee with the same name, nationality and organisation in one training "
        "counts once; importing the same file again changes nothing.",
    )
    example_rows = (("TR-2026-001", "Ahmed Al-Harbi", "SA", "Technical and Vocational Training Corporation"),)

    def prepare(self, context: dict[str, Any]) -> None:
        from intercoop.mobility.models import TrainingEvent, TrainingParticipant

        institution: Institution = context["institution"]
        context["events"] = {
            e.reference.casefold(): e
            for e in TrainingEvent.objects.filter(
                institution=institution, archived_at__isnull=True
            ).select_related("org_unit")
        }
        context["listed"] = set(
            TrainingParticipant.objects.filter(institution=institution, archived_at__isnull=True).values_list(
                "event_id", "external_key"
            )
        )
        context["access"] = access_for(context.get("actor"))

    def clean(self, row: Row, context: dict[str, Any]) -> None:
        from intercoop.mobility.events.services import trainee_key

        reference = row.text("event", required=True, max_length=30)
        event = context["events"].get(reference.casefold()) if reference else None
        if reference and event is None:
            row.error("event", _("No training has the reference “%(ref)s”.") % {"ref": reference})
        elif event is not None and not context["access"].can(
            MOBILITY_IMPORT, institution_id=event.institution_id, unit_path=event.org_unit.path
        ):
            row.error("event", _("You may not record mobilities of this unit."))
        name = " ".join(row.text("name", required=True).split())
        nationality = row.country("nationality", required=True)
        organisation = " ".join(row.text("organisation").split())
        if row.result.errors or event is None:
            return
        key = trainee_key(name, nationality, organisation)
        row.result.values = {
            "event": event,
            "name": name,
            "nationality": nationality,
            "organisation": organisation,
            "key": key,
        }
        row.result.summary = f"{event.reference} · {name} · {nationality}"
        if (event.pk, key) in context["listed"]:
            row.result.unchanged = _("imported before; left unchanged")

    def check_file(self, rows: list[RowResult], context: dict[str, Any]) -> None:
        first: dict[tuple[int, str], int] = {}
        for r in rows:
            if r.errors or not r.values:
                continue
            key = (r.values["event"].pk, r.values["key"])
            if key in first:
                r.add_error(None, _("The same trainee as row %(row)s.") % {"row": first[key]})
            else:
                first[key] = r.number

    def write(self, rows: list[RowResult], *, context: dict[str, Any], actor: Any) -> int:
        from intercoop.mobility.events.services import Trainee, trainees_add

        by_event: dict[int, list[RowResult]] = defaultdict(list)
        for r in rows:
            by_event[r.values["event"].pk].append(r)
        added = 0
        for event_rows in by_event.values():
            count, _unchanged = trainees_add(
                event=event_rows[0].values["event"],
                trainees=[
                    Trainee(r.values["name"], r.values["nationality"], r.values["organisation"])
                    for r in event_rows
                ],
                actor=actor,
            )
            added += count
        return added


# -- international students ------------------------------------------------------------------------------

PROGRAMME_EN = {
    "degree": "Full-time degree programme",
    "non_degree": "Non-degree programme",
    "short_term": "Short-term programme",
}
STATUS_EN = {"enrolled": "Enrolled", "suspended": "Suspended", "graduated": "Graduated", "left": "Left"}
STUDENT_COLUMNS = [
    Column("number", "学号", "Student number", width=14, required=True),
    Column("unit", "学院代码", "College code", width=12, required=True),
    Column(
        "programme",
        "学生类别",
        "Programme kind",
        width=20,
        required=True,
        choices=Labels(InternationalStudent.Programme.choices, PROGRAMME_EN),
    ),
    Column("programme_name", "专业或项目", "Programme", width=30, required=True),
    Column("full_time", "全日制", "Full-time", width=8),
    Column("enrolled_on", "入学日期", "Enrolled on", width=12, required=True),
    Column("expected_end", "预计结业日期", "Expected end", width=12, required=True),
    Column(
        "status", "状态", "Status", width=10, choices=Labels(InternationalStudent.Status.choices, STATUS_EN)
    ),
    Column("left_on", "离校日期", "Left on", width=12),
    Column("visa_type", "签证", "Visa", width=8),
    Column("entry_date", "入境日期", "Entry", width=12),
    Column("accommodation_registered_on", "住宿登记日期", "Accommodation registered", width=12),
    Column("residence_permit_number", "居留许可号码", "Residence permit number", width=16),
    Column("residence_permit_expiry", "居留许可有效期至", "Residence permit valid until", width=14),
    Column("insurance_until", "保险有效期至", "Insurance valid until", width=14),
    Column("scholarship", "奖学金", "Scholarship", width=20),
]


class InternationalStudentImporter(Importer):
    key = "international_students"
    label = gettext_lazy("International students")
    permission = MOBILITY_IMPORT
    columns = STUDENT_COLUMNS
    notes = (
        "一行一名来华留学生。学号须已在人员库中（国籍非中国）。同一学生同一入学日期的记录此前已导入的，保持不变。",
        "One international student a row. The student number must be in the people register (a foreign "
        "national). A row with the same student and enrolment date as an earlier import is left unchanged.",
        "全日制填“是”或“否”，不填为“是”。签证：X1、X2、Z、R、F。",
        "Full-time: yes or no (empty is yes). Visa: X1, X2, Z, R, F.",
    )
    example_rows = (
        (
            "LX2025001",
            "INTL",
            "Full-time degree programme",
            "汽车检测与维修技术 Automotive inspection and maintenance",
            "是",
            dt.date(2025, 9, 1),
            dt.date(2028, 6, 30),
            "Enrolled",
            None,
            "X1",
            dt.date(2025, 8, 28),
            dt.date(2025, 8, 28),
            "E123456789",
            dt.date(2026, 8, 31),
            dt.date(2026, 8, 31),
            "",
        ),
    )

    def prepare(self, context: dict[str, Any]) -> None:
        from intercoop.mobility.models import InternationalStudent, VisaType

        institution: Institution = context["institution"]
        context["people"] = {
            p.number: p
            for p in Person.objects.filter(institution=institution, archived_at__isnull=True)
            .exclude(number="")
            .exclude(nationality="CN")
        }
        context["units"] = {
            u.code.casefold(): u
            for u in OrgUnit.objects.filter(institution=institution, archived_at__isnull=True)
        }
        context["existing"] = set(
            InternationalStudent.objects.filter(
                institution=institution, archived_at__isnull=True
            ).values_list("person_id", "enrolled_on")
        )
        context["programme_map"] = choice_map(InternationalStudent.Programme.choices, english=PROGRAMME_EN)
        context["status_map"] = choice_map(InternationalStudent.Status.choices, english=STATUS_EN)
        context["visa_map"] = {v.casefold(): v for v in VisaType.values}
        context["access"] = access_for(context.get("actor"))

    def clean(self, row: Row, context: dict[str, Any]) -> None:
        from intercoop.mobility.models import InternationalStudent
        from intercoop.mobility.stays import services as stays

        number = row.text("number", required=True, max_length=30)
        person = context["people"].get(number) if number else None
        if number and person is None:
            row.error("number", _("No foreign national has the number “%(n)s”.") % {"n": number})
        code = row.text("unit", required=True, max_length=30)
        unit = context["units"].get(code.casefold()) if code else None
        if code and unit is None:
            row.error("unit", _("No unit has the code “%(code)s”.") % {"code": code})
        elif unit is not None and not context["access"].can(
            MOBILITY_IMPORT, institution_id=unit.institution_id, unit_path=unit.path
        ):
            row.error("unit", _("You may not record mobilities of this unit."))
        visa = row.text("visa_type", max_length=10)
        if visa and visa.casefold() not in context["visa_map"]:
            row.error(
                "visa_type",
                _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": visa, "allowed": ", ".join(sorted(set(context["visa_map"].values())))},
            )
        full_time_text = row.text("full_time")
        values = {
            "person": person,
            "org_unit": unit,
            "programme": row.choice("programme", context["programme_map"], required=True),
            "programme_name": row.text("programme_name", required=True),
            "full_time": row.boolean("full_time") if full_time_text else True,
            "enrolled_on": row.date("enrolled_on", required=True),
            "expected_end": row.date("expected_end", required=True),
            "status": row.choice("status", context["status_map"], default="enrolled"),
            "left_on": row.date("left_on"),
            "visa_type": context["visa_map"].get(visa.casefold(), "") if visa else "",
            "entry_date": row.date("entry_date"),
            "accommodation_registered_on": row.date("accommodation_registered_on"),
            "residence_permit_number": row.text("residence_permit_number", max_length=40),
            "residence_permit_expiry": row.date("residence_permit_expiry"),
            "insurance_until": row.date("insurance_until"),
            "scholarship": row.text("scholarship", max_length=120),
        }
        if row.result.errors:
            return
        row.result.values = values
        row.result.summary = f"{person.display_name if person else number} · {values['programme_name']}"
        assert person is not None
        if (person.pk, values["enrolled_on"]) in context["existing"]:
            row.result.unchanged = _("imported before; left unchanged")
            return
        candidate = InternationalStudent(institution=context["institution"], **values)
        try:
            stays.check_stay(candidate)
        except DomainError as exc:
            field = {"person": "number", "org_unit": "unit"}.get(exc.field or "", exc.field)
            row.error(field if field in {c.key for c in STUDENT_COLUMNS} else None, str(exc.message))

    def check_file(self, rows: list[RowResult], context: dict[str, Any]) -> None:
        first: dict[tuple[int, Any], int] = {}
        for r in rows:
            if r.errors or not r.values:
                continue
            key = (r.values["person"].pk, r.values["enrolled_on"])
            if key in first:
                r.add_error(None, _("The same student as row %(row)s.") % {"row": first[key]})
            else:
                first[key] = r.number

    def write(self, rows: list[RowResult], *, context: dict[str, Any], actor: Any) -> int:
        from intercoop.mobility.models import InternationalStudent
        from intercoop.mobility.stays import services as stays

        for r in rows:
            stays.stay_create(
                model=InternationalStudent, institution=context["institution"], data=r.values, actor=actor
            )
        return len(rows)
