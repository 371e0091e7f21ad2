"""Named benchmark scenarios on the scale data (``generate_scale_data``): each times the app and, in the same
run, a floor that computes the same answer by the most direct means (hand-written SQL, a raw read), and
checks that the two answers agree. See docs/performance.md."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from intercoop.accounts import services as accounts
from intercoop.accounts.models import User
from intercoop.core.models import RecordChange
from intercoop.core.roles import Role
from intercoop.devtools.scale import PREFIX
from intercoop.indicators.selectors import Engine, across_institutions, build_table
from intercoop.indicators.tables import INTERNATIONAL_INFLUENCE
from intercoop.mobility.models import Mobility
from intercoop.org.models import Institution, OrgUnit
from intercoop.partners.models import Partner


@dataclass
class Result:
    name: str
    database: str
    scale: str
    app_seconds: float
    floor_seconds: float
    ratio: float
    queries: int | None = None
    sql_seconds: float | None = None  # of a page's app_seconds, the time spent in its SQL statements
    peak_mb: float | None = None
    note: str = ""


def _median(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), answer


def _sql(query: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return list(cursor.fetchall())


def _days(start: str, end: str, ps: str, pe: str) -> str:
    """SQL for the days of [start, end] inside [ps, pe], inclusive (0 when apart)."""
    if connection.vendor == "postgresql":
        return f"GREATEST(0, LEAST({end}, {pe}::date) - GREATEST({start}, {ps}::date) + 1)"
    return f"MAX(0, julianday(MIN({end}, {pe})) - julianday(MAX({start}, {ps})) + 1)"


def _user(username: str, role: str, institutions: list[Institution], unit: OrgUnit | None = None) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = accounts.user_create(
            institution=None if role == Role.SUPERVISOR else institutions[0],
            data={"username": username},
            password="bench",
            actor=None,
            check_password=False,
        )
        for inst in institutions:
            accounts.membership_grant(user=user, role=role, institution=inst, org_unit=unit, actor=None)
    return User.objects.get(pk=user.pk)


def _client(user: User) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


@dataclass
class Page:
    size: int
    queries: int
    sql_seconds: float


def _get(client: Client, url: str) -> Page:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    sql = sum(float(q["time"]) for q in ctx.captured_queries)
    return Page(len(response.content), len(ctx.captured_queries), sql)


def _page(client: Client, url: str, repeat: int) -> tuple[float, dict[str, Any]]:
    """The median time of ``repeat`` requests, with the query count and the median time in SQL."""
    times, pages = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        pages.append(_get(client, url))
        times.append(time.perf_counter() - started)
    sql = statistics.median(p.sql_seconds for p in pages)
    return statistics.median(times), {"queries": pages[-1].queries, "sql_seconds": round(sql, 4)}


# -- floors ----------------------------------------------------------------------------------------------


def _floor_rows_3_4(institution_ids: list[int], year: int) -> dict[int, tuple[int, int]]:
    """Rows 3 and 4 for each institution in one SQL aggregate each (the scale data records no day twice)."""
    ps, pe = f"'{year - 1}-09-01'", f"'{year}-08-31'"
    mob_end = "COALESCE(m.end_date, m.planned_end)"
    placeholders = ",".join(["%s"] * len(institution_ids))
    row3 = _sql(
        f"SELECT m.institution_id, SUM({_days('m.start_date', mob_end, ps, pe)}) FROM mobility_mobility m "
        f"WHERE m.institution_id IN ({placeholders}) AND m.archived_at IS NULL AND m.status = 'confirmed' "
        "AND m.direction = 'out' AND m.type = 'cn_enterprise' AND m.participant_kind = 'student' "
        f"AND m.start_date <= {pe} AND {mob_end} >= {ps} GROUP BY m.institution_id",
        institution_ids,
    )
    teach_m = _sql(
        f"SELECT m.institution_id, SUM({_days('m.start_date', mob_end, ps, pe)}) FROM mobility_mobility m "
        f"WHERE m.institution_id IN ({placeholders}) AND m.archived_at IS NULL AND m.status = 'confirmed' "
        "AND m.direction = 'out' AND m.type IN ('teaching', 'training_delivered') AND m.participant_kind "
        "= 'teacher' "
        f"AND m.start_date <= {pe} AND {mob_end} >= {ps} GROUP BY m.institution_id",
        institution_ids,
    )
    today = dt.date.today().isoformat()
    teach_t = _sql(
        f"SELECT t.institution_id, SUM({_days('t.departure', 't.return_on', ps, pe)}) FROM travel_trip t "
        "JOIN travel_tripmember tm ON tm.trip_id = t.id AND tm.archived_at IS NULL "
        "JOIN org_person p ON p.id = tm.person_id AND p.kind = 'teacher' "
        f"WHERE t.institution_id IN ({placeholders}) AND t.archived_at IS NULL "
        "AND t.status IN ('approved', 'reported', 'settled') AND t.purpose IN ('teaching', 'guidance') "
        f"AND t.departure <= %s AND t.departure <= {pe} AND t.return_on >= {ps} GROUP BY t.institution_id",
        [*institution_ids, today],
    )
    out = {i: (0, 0) for i in institution_ids}
    three = {i: int(v or 0) for i, v in row3}
    four: dict[int, int] = {}
    for i, v in teach_m + teach_t:
        four[i] = four.get(i, 0) + int(v or 0)
    for i in institution_ids:
        out[i] = (three.get(i, 0), four.get(i, 0))
    return out


def _rows_3_4(data: dict[str, Any]) -> tuple[int, int]:
    rows = {r["number"]: r["current"] or 0 for r in data["rows"]}
    return rows[3], rows[4]


def _app_rows_3_4(institution: Institution, year: int) -> tuple[int, int]:
    return _rows_3_4(build_table(institution, INTERNATIONAL_INFLUENCE, year, Engine(institution)))


def _app_rows_3_4_all(supervisor: User, year: int) -> dict[int, tuple[int, int]]:
    """What the supervisor's table of every institution says (``across_institutions``)."""
    return {
        s.institution.pk: _rows_3_4(s.table)
        for s in across_institutions(supervisor, INTERNATIONAL_INFLUENCE, year)
    }


# -- scenarios -------------------------------------------------------------------------------------------


def run(
    *,
    scale_label: str,
    repeat: int = 5,
    import_rows: int = 100_000,
    erasmus_rows: int = 1_200_000,
    progress: Callable[[str], None] = print,
) -> list[Result]:
    institutions = list(Institution.objects.filter(code__startswith=PREFIX).order_by("code"))
    if not institutions:
        raise RuntimeError("No scale data: run `python manage.py generate_scale_data` first.")
    database = connection.vendor
    year = dt.date.today().year if dt.date.today().month >= 9 else dt.date.today().year - 1
    first = institutions[0]
    office_unit = OrgUnit.objects.get(institution=first, code="IO")
    office = _user("bench_office", Role.OFFICE_STAFF, [first], office_unit)
    supervisor = _user("bench_supervisor", Role.SUPERVISOR, institutions)
    results: list[Result] = []

    def add(name: str, app: float, floor: float, **extra: Any) -> None:
        result = Result(
            name,
            database,
            scale_label,
            round(app, 4),
            round(floor, 4),
            round(app / floor, 2) if floor else 0.0,
            **extra,
        )
        results.append(result)
        progress(f"{name:40} app {app:8.3f} s  floor {floor:8.3f} s  ratio {result.ratio:6.2f}")

    # 0. Importing mobility rows from Excel (through the importer, all or nothing) against a raw read and
    #    bulk insert of the same file; both are rolled back. It runs first, so that the peak memory of
    #    the process so far is the import's.
    if import_rows:
        data = _mobility_workbook(first, import_rows)
        app_s, peak = _import_app(first, office, data)
        floor_s = _import_floor(first, data)
        add(
            "import_mobility_xlsx",
            app_s,
            floor_s,
            peak_mb=round(peak / 2**20, 1),
            note=f"{import_rows:,} rows",
        )

    # 0b. A year of the EC's Erasmus records in one file (issue 18 item 4): the worker's import for one
    #     institution (rows of the others counted and left out), in a child process so that its peak
    #     memory is its own, against reading the same file and COPYing every row into a plain table.
    if erasmus_rows:
        from django.urls import reverse

        reverse("imports:batch", args=[1])  # a running worker has its URLs loaded: not part of the timing
        size, own = _erasmus_partners(first)
        # The file is written to disk once and each child reads it (not timed): neither the making of it
        # nor the other's copy is in a child's memory.
        with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
            _erasmus_file(erasmus_rows, handle.name)
            path = Path(handle.name)
            app_s, peak, written, start = _in_child(lambda: _erasmus_app(first, office, path.read_bytes()))
            floor_s, _peak, copied, _start = _in_child(lambda: _erasmus_floor(path.read_bytes()))
        assert copied == erasmus_rows, copied
        add(
            "import_erasmus_1m",
            app_s,
            floor_s,
            peak_mb=round(peak / 2**20, 1),
            note=(
                f"{erasmus_rows:,} rows, {written:,} of about {erasmus_rows * own // size:,} imported; "
                f"the worker process held {start / 2**20:.0f} MB (Django, the file) before it began"
            ),
        )

    # 1. The international influence table for one institution, and for all of them. The pages read the
    #    stored figures (refreshed after a change, ADR 0011): the first read below stores them, the timed
    #    ones read them; the refresh itself is timed on its own (1c).
    _app_rows_3_4(first, year)
    app_s, app_answer = _median(lambda: _app_rows_3_4(first, year), repeat)
    floor_s, floor_answer = _median(lambda: _floor_rows_3_4([first.pk], year)[first.pk], repeat)
    assert app_answer == floor_answer, (app_answer, floor_answer)
    add("influence_table_one_institution", app_s, floor_s, note=f"rows 3 and 4 = {app_answer}")
    ids = [i.pk for i in institutions]
    _app_rows_3_4_all(supervisor, year)
    app_s, app_all = _median(lambda: _app_rows_3_4_all(supervisor, year), repeat)
    floor_s, floor_all = _median(lambda: _floor_rows_3_4(ids, year), repeat)
    assert app_all == floor_all
    add("influence_table_all_institutions", app_s, floor_s, note=f"{len(ids)} institutions")
    # 1c. The refresh after a change in every institution: all the table's figures computed from the records.
    RecordChange.objects.bulk_create([RecordChange(institution_id=i, source="org") for i in ids])
    app_s, app_all = _median(lambda: _app_rows_3_4_all(supervisor, year), 1)
    assert app_all == floor_all
    add(
        "influence_table_refresh_all_institutions",
        app_s,
        floor_s,
        note=f"{len(ids)} institutions, every figure recomputed from the records",
    )

    # 2. The dashboard for one institution and for the supervisor (full Django stack, median of requests).
    client = _client(office)
    _get(client, f"/dashboard/?year={year}")  # warm the world map and the caches
    app_s, page = _page(client, f"/dashboard/?year={year}", repeat)
    floor_s, _ = _median(lambda: _floor_dashboard([first.pk], year), repeat)
    add("dashboard_one_institution", app_s, floor_s, **page)
    sup = _client(supervisor)
    _get(sup, f"/dashboard/?year={year}")
    app_s, page = _page(sup, f"/dashboard/?year={year}", repeat)
    floor_s, _ = _median(lambda: _floor_dashboard(ids, year), repeat)
    add("dashboard_supervisor", app_s, floor_s, **page, note=f"{len(ids)} institutions")

    # 3. The agreements list page with filters (median of repeated requests through the full stack).
    url = "/agreements/?status=active&type=student_exchange&q=%E5%90%88%E4%BD%9C"
    app_s, page = _page(client, url, repeat * 2)
    floor_s, _ = _median(
        lambda: _sql(
            "SELECT a.id, a.number, a.title, a.status, a.signed_on, a.valid_to FROM agreements_agreement a "
            "WHERE a.institution_id = %s AND a.archived_at IS NULL AND a.status = 'active' AND a.type = "
            "'student_exchange' "
            "AND a.title LIKE %s ORDER BY a.signed_on DESC, a.id DESC LIMIT 25",
            [first.pk, "%合作%"],
        ),
        repeat * 2,
    )
    add("agreements_list_filtered", app_s, floor_s, **page)

    # 4. An API list endpoint.
    api = "/api/v1/mobility/mobilities?limit=50"
    app_s, page = _page(client, api, repeat * 2)
    floor_s, _ = _median(
        lambda: _sql(
            "SELECT id, reference, direction, type, status, person_id, participant_label, "
            "participant_kind, org_unit_id, "
            "country, planned_start, planned_end, start_date, end_date FROM mobility_mobility WHERE "
            "institution_id = %s "
            "AND archived_at IS NULL ORDER BY planned_start DESC, id DESC LIMIT 50",
            [first.pk],
        ),
        repeat * 2,
    )
    add("api_mobility_list", app_s, floor_s, **page)

    # 5. The one search box: five kinds of record at once, each through its list's access rules.
    term = "大学"
    url = "/search/?q=%E5%A4%A7%E5%AD%A6"
    _get(client, url)
    app_s, page = _page(client, url, repeat * 2)
    floor_s, _ = _median(lambda: _floor_search(first.pk, term), repeat * 2)
    add("search_everything", app_s, floor_s, **page, note="partners, agreements, trips, mobilities, people")

    return results


def _floor_search(institution_id: int, term: str) -> list[Any]:
    """Each kind's first eight matches and its count, one LIKE each (the search page's answer)."""
    like = f"%{term}%"
    found = []
    for table, columns, order in (
        ("partners_partner", ("name", "name_zh", "name_en"), "name"),
        ("agreements_agreement", ("number", "title", "title_en"), "valid_from DESC"),
        ("travel_trip", ("number", "title"), "departure DESC"),
        ("mobility_mobility", ("reference", "participant_label"), "planned_start DESC"),
        ("org_person", ("name", "name_zh", "name_en"), "name"),
    ):
        where = " OR ".join(f"{c} LIKE %s" for c in columns)
        params = [institution_id, *([like] * len(columns))]
        base = f"FROM {table} WHERE institution_id = %s AND archived_at IS NULL AND ({where})"
        found.append(_sql(f"SELECT id {base} ORDER BY {order} LIMIT 8", params))
        found.append(_sql(f"SELECT COUNT(*) {base}", params))
    return found


def _floor_dashboard(institution_ids: list[int], year: int) -> Any:
    placeholders = ",".join(["%s"] * len(institution_ids))
    ps, pe = f"{year - 1}-09-01", f"{year}-08-31"
    return (
        _sql(
            f"SELECT country, COUNT(*) FROM partners_partner WHERE institution_id IN ({placeholders}) "
            "AND archived_at IS NULL AND merged_into_id IS NULL GROUP BY country",
            institution_ids,
        ),
        _sql(
            f"SELECT direction, country, COUNT(*) FROM mobility_mobility WHERE institution_id IN "
            f"({placeholders}) "
            "AND archived_at IS NULL AND status = 'confirmed' AND start_date BETWEEN %s AND %s GROUP BY "
            "direction, country",
            [*institution_ids, ps, pe],
        ),
        _sql(
            f"SELECT status, COUNT(*) FROM agreements_agreement WHERE institution_id IN ({placeholders}) "
            "AND archived_at IS NULL GROUP BY status",
            institution_ids,
        ),
        _floor_rows_3_4(institution_ids, year),
    )


def _mobility_workbook(institution: Institution, rows: int) -> bytes:
    from intercoop.mobility.importers import MOBILITY_COLUMNS

    partner = Partner.objects.filter(institution=institution).order_by("pk").first()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("mobility")
    ws.append([c.header for c in MOBILITY_COLUMNS])
    base = dt.date(2024, 1, 1)
    for n in range(rows):
        start = base + dt.timedelta(days=n % 600)
        values = {
            "direction": "Outgoing",
            "type": "Study exchange",
            "participant": f"Bench participant {n}",
            "participant_kind": "Student",
            "unit": "AUTO",
            "host": partner.name if partner else "",
            "country": partner.country if partner else "TH",
            "planned_start": start,
            "planned_end": start + dt.timedelta(days=29),
        }
        ws.append([values.get(c.key) for c in MOBILITY_COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class _Rollback(Exception):
    pass


def _import_app(institution: Institution, actor: User, data: bytes) -> tuple[float, int]:
    from intercoop.core import importing
    from intercoop.imports import services

    importer = importing.get("mobility")
    assert importer is not None
    upload = SimpleUploadedFile("bench.xlsx", data)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            batch = services.commit_file(
                institution=institution, importer=importer, upload=upload, actor=actor
            )
            assert batch.imported > 0, batch.problems[:3]
            raise _Rollback
    except _Rollback:
        pass
    elapsed = time.perf_counter() - started
    # The peak resident memory of this process so far (KiB on Linux): the import is the largest thing the
    # benchmark does, so this bounds its peak, the interpreter and Django included.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return elapsed, peak


def _import_floor(institution: Institution, data: bytes) -> float:
    unit = OrgUnit.objects.get(institution=institution, code="AUTO")
    started = time.perf_counter()
    try:
        with transaction.atomic():
            sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
            rows = sheet.iter_rows(min_row=2, values_only=True)
            batch = []
            for n, row in enumerate(rows):
                batch.append(
                    Mobility(
                        institution=institution,
                        reference=f"FLOOR-{n:06d}",
                        direction="out",
                        type="study",
                        status="planned",
                        participant_label=str(row[3]),
                        participant_kind="student",
                        org_unit=unit,
                        country="TH",
                        planned_start=row[10],
                        planned_end=row[11],
                    )
                )
                if len(batch) >= 5000:
                    Mobility.objects.bulk_create(batch)
                    batch = []
            Mobility.objects.bulk_create(batch)
            raise _Rollback
    except _Rollback:
        pass
    return time.perf_counter() - started


SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "erasmus_student_mobility_2008_part000.csv"
ERASMUS_OWN = "CZ PRAHA07"


def _sample() -> tuple[list[str], list[list[str]]]:
    with SAMPLE.open(newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        return header, list(reader)


def _erasmus_partners(institution: Institution) -> tuple[int, int]:
    """The institution takes the sample's busiest code, and every counterpart of that code is a partner
    (not timed). Returns the sample's size and how many of its rows are the institution's."""
    from intercoop.core.identifiers import erasmus_code_normalise

    header, sample = _sample()
    home, host = header.index("home_institution"), header.index("host_institution")
    ours = [r for r in sample if ERASMUS_OWN in (r[home], r[host])]
    codes = {r[host] if r[home] == ERASMUS_OWN else r[home] for r in ours}
    existing = set(Partner.objects.filter(institution=institution).values_list("erasmus_code", flat=True))
    Partner.objects.bulk_create(
        [
            Partner(
                institution=institution, kind="university", name=f"Erasmus {c}", country="DE", erasmus_code=c
            )
            for c in sorted(filter(None, (erasmus_code_normalise(c) for c in codes)))
            if c not in existing
        ]
    )
    settings = dict(institution.settings or {})
    settings["mobility"] = {**settings.get("mobility", {}), "erasmus_code": ERASMUS_OWN}
    Institution.objects.filter(pk=institution.pk).update(settings=settings)
    return len(sample), len(ours)


def _erasmus_file(rows: int, path: str | None = None) -> bytes:
    """A file in the EC's format of ``rows`` rows, from the project's real sample: its rows again and
    again, each round in another year (2008–2013), its identical anonymous rows kept. Written to ``path``
    as it is made (a million rows), or returned."""
    header, sample = _sample()
    starts = [header.index("study_start_date"), header.index("work_start_date")]
    out: Any = open(path, "w", newline="", encoding="utf-8") if path else io.StringIO()  # noqa: SIM115
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    for n in range(rows):
        row = list(sample[n % len(sample)])
        shift = (n // len(sample)) % 6
        for i in starts:
            if row[i]:
                month, year = row[i].split("-")
                row[i] = f"{month}-{int(year) + shift}"
        writer.writerow(row)
    if path:
        out.close()
        return b""
    return out.getvalue().encode()


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _in_child(fn: Callable[[], tuple[float, int]]) -> tuple[float, int, int, int]:
    """Run ``fn`` in a forked child and return (seconds, the child's peak resident memory, fn's count,
    the child's resident memory when the timed work began): the memory is the work's own process's, not
    the benchmark's so far."""
    connection.close()  # the child opens its own connection; the parent's is never shared
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            seconds, count = fn()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            os.write(writer, json.dumps([seconds, peak, count, STARTED.get("rss", 0)]).encode())
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        answer = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if status != 0 or not answer:
        raise RuntimeError("the benchmark's child process failed (its traceback is above)")
    seconds, peak, count, start = json.loads(answer)
    return seconds, peak, count, start


STARTED: dict[str, int] = {}  # the child's resident memory when its timed work began


def _erasmus_app(institution: Institution, actor: User, data: bytes) -> tuple[float, int]:
    """The worker's import of the file (``imports.services.run_commit``), rolled back."""
    from intercoop.imports import services
    from intercoop.imports.models import ImportBatch

    STARTED["rss"] = _rss()
    started = time.perf_counter()
    try:
        with transaction.atomic():
            batch = ImportBatch(
                institution=institution,
                kind="mobility_erasmus",
                filename="erasmus-bench.csv",
                created_by=actor,
                work=ImportBatch.Work.COMMIT,
                work_state=ImportBatch.WorkState.QUEUED,
                work_by=actor,
                work_partial=True,
                checked_at=dt.datetime.now(dt.UTC),
            )
            services._keep_file(batch, data)  # as an upload does: the worker reads it from storage
            batch.save()
            stored = batch.file.name
            del data
            services.run_commit(batch.pk)
            batch.refresh_from_db()
            assert batch.status == ImportBatch.Status.COMMITTED and batch.imported > 0, batch.problems[:3]
            written = batch.imported
            raise _Rollback
    except _Rollback:
        from django.core.files.storage import default_storage

        default_storage.delete(stored)  # the rolled-back import's file is not left behind
    return time.perf_counter() - started, written


def _erasmus_floor(data: bytes) -> tuple[float, int]:
    """Read the file and COPY every row into a plain table (PostgreSQL; SQLite: one executemany)."""
    STARTED["rss"] = _rss()
    started = time.perf_counter()
    rows = csv.reader(io.StringIO(data.decode()), delimiter=";")
    header = next(rows)
    columns = ", ".join(f"c{i} text" for i in range(len(header)))
    count = 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE floor_erasmus ({columns})")
            if connection.vendor == "postgresql":
                with cursor.cursor.copy("COPY floor_erasmus FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join("%s" for _ in header)
                batch: list[list[str]] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= 10_000:
                        cursor.executemany(f"INSERT INTO floor_erasmus VALUES ({marks})", batch)
                        count += len(batch)
                        batch = []
                cursor.executemany(f"INSERT INTO floor_erasmus VALUES ({marks})", batch)
                count += len(batch)
            raise _Rollback
    except _Rollback:
        pass
    return time.perf_counter() - started, count


def as_dicts(results: list[Result]) -> list[dict[str, Any]]:
    return [asdict(r) for r in results]
