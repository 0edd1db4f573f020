"""`moti import-episodes`: a CSV extract checked whole before any write, rows filed in the
importer's register and matched on the source system's id, bad rows rejected by line number,
and never an identity code in the output."""

import datetime
import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from moti.__main__ import main
from moti.clients.models import Client, identity_code_make
from moti.core.models import Change
from moti.directory.models import Service
from moti.paths import imports
from moti.paths.models import EndReason, Intensity, ServiceEpisode
from moti.paths.services import Step, service_lookup
from tests.factories import ClientFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(databases="__all__")

HEADER = "episode_id;identity_code;service;intensity;start;planned_end;end;end_reason;" \
         "next_service;next_date"
# Nobody's code in these tests (the factories' codes are born 1960 onwards, 97 days apart,
# with individual numbers 900–999).
STRANGER = identity_code_make(born=datetime.date(1931, 3, 4), individual=482, sign="-")


@pytest.fixture
def setup(db):
    importer = PersonFactory(user__username="ilona")
    clients = [ClientFactory(), ClientFactory()]
    housing = Service.objects.create(organisation=importer.organisation,
                                     name_fi="Asumisneuvonta", name_sv="Boenderådgivning")
    return importer, clients, housing


def _csv(tmp_path, *lines: str, name: str = "episodes.csv", delimiter: str = ";",
         bom: bool = False, encoding: str = "utf-8"):
    text = "\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n"
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def _good(clients, **changes: str) -> list[str]:
    """Three rows: a directory service named in Swedish, a free-text one with a next step,
    and an ended one."""
    first, second = (c.identity_code for c in clients)
    rows = {
        "E1": f"E1;{first};Boenderådgivning;raskas;2026-01-05;2026-06-30;;;;",
        "E2": f"E2;{second};Päihdekuntoutus;heavy;2026-02-01;;;;Asumisneuvonta;2026-03-01",
        "E3": f"E3;{first};Vertaistuki;kevyt;2025-09-01;;2025-12-31;completed;;",
    }
    rows.update(changes)
    return [HEADER, *rows.values()]


def _import(path, by: str = "ilona") -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_episodes", str(path), "--by", by, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_creates_episodes_filed_in_the_importers_register(tmp_path, setup):
    importer, clients, housing = setup
    out, err = _import(_csv(tmp_path, *_good(clients)))
    assert out.splitlines() == ["episodes: 3 created, 0 updated, 0 unchanged, 0 rejected"]
    assert "service episodes       [##############################] 3/3\n" in err
    episodes = {e.source_id: e for e in ServiceEpisode.objects.all()}
    assert sorted(episodes) == ["E1", "E2", "E3"]
    for episode in episodes.values():
        assert (episode.controller_id, episode.register, episode.author, episode.updated_by,
                episode.version) == (importer.organisation.controller_key,
                                     importer.organisation.register, importer, importer.user, 1)
    e1, e2, e3 = episodes["E1"], episodes["E2"], episodes["E3"]
    assert (e1.client, e1.service, e1.service_name, e1.organisation, e1.intensity,
            e1.starts_on, e1.planned_end_on, e1.ended_on) == (
        clients[0], housing, "", importer.organisation, Intensity.HEAVY,
        datetime.date(2026, 1, 5), datetime.date(2026, 6, 30), None)
    assert (e2.client, e2.service, e2.service_name, e2.next_service, e2.next_owner,
            e2.next_on) == (clients[1], None, "Päihdekuntoutus", housing, None,
                            datetime.date(2026, 3, 1))
    assert (e3.intensity, e3.ended_on, e3.end_reason) == (
        Intensity.LIGHT, datetime.date(2025, 12, 31), EndReason.COMPLETED)


def test_the_same_file_again_changes_nothing(tmp_path, setup):
    _, clients, _ = setup
    path = _csv(tmp_path, *_good(clients))
    _import(path)
    out, _ = _import(path)
    assert out.splitlines() == ["episodes: 0 created, 0 updated, 3 unchanged, 0 rejected"]
    assert ServiceEpisode.objects.count() == 3
    assert set(ServiceEpisode.objects.values_list("version", flat=True)) == {1}
    assert not Change.objects.exists()


def test_a_changed_row_updates_its_episode_and_keeps_the_history(tmp_path, setup):
    importer, clients, _ = setup
    _import(_csv(tmp_path, *_good(clients)))
    first = clients[0].identity_code
    out, _ = _import(_csv(tmp_path, *_good(clients, E1=(
        f"E1;{first};Boenderådgivning;raskas;2026-01-05;2026-06-30;2026-04-15;moved;;")),
        name="later.csv"))
    assert out.splitlines() == ["episodes: 0 created, 1 updated, 2 unchanged, 0 rejected"]
    e1 = ServiceEpisode.objects.get(source_id="E1")
    assert (e1.ended_on, e1.end_reason, e1.version, e1.updated_by) == (
        datetime.date(2026, 4, 15), EndReason.MOVED, 2, importer.user)
    assert sorted(Change.objects.filter(kind="paths.serviceepisode", object_id=e1.pk)
                  .values_list("field", "changed_by")) == [("end_reason", importer.user.pk),
                                                           ("ended_on", importer.user.pk)]
    assert ServiceEpisode.objects.count() == 3


def test_an_owner_taken_in_moti_stays_when_the_same_next_step_is_imported_again(tmp_path,
                                                                                 setup):
    importer, clients, _ = setup
    path = _csv(tmp_path, *_good(clients))
    _import(path)
    ServiceEpisode.objects.filter(source_id="E2").update(next_owner=importer)
    out, _ = _import(path)
    assert out.startswith("episodes: 0 created, 0 updated, 3 unchanged")
    assert ServiceEpisode.objects.get(source_id="E2").next_owner == importer


def test_an_unknown_client_is_rejected_not_created_and_no_identity_code_is_printed(
        tmp_path, setup):
    _, clients, _ = setup
    assert not Client.objects.filter(identity_code=STRANGER).exists()
    bad_code = STRANGER[:-1] + ("X" if STRANGER[-1] != "X" else "Y")
    path = _csv(tmp_path, HEADER, f"E1;{clients[0].identity_code};Vertaistuki;;2026-01-05;;;;;",
                f"E2;{STRANGER};Vertaistuki;;2026-01-05;;;;;",
                f"E3;{bad_code.lower()};Vertaistuki;;2026-01-05;;;;;")
    out, err = _import(path)
    assert out.splitlines() == [
        "episodes: 1 created, 0 updated, 0 unchanged, 2 rejected",
        "  line 3: no client with this identity code (not created)",
        "  line 4: the identity code is not valid"]
    assert Client.objects.count() == 2
    assert list(ServiceEpisode.objects.values_list("source_id", flat=True)) == ["E1"]
    for code in (STRANGER, bad_code, clients[0].identity_code):
        for shown in (code, code.lower(), code[:6] + code[7:], code[7:]):
            assert shown not in out + err


def test_bad_rows_are_rejected_by_line_and_the_others_imported(tmp_path, setup):
    _, clients, _ = setup
    code = clients[0].identity_code
    path = _csv(tmp_path, HEADER,
                f"E1;{code};Vertaistuki;;2026-01-05;;;;;",
                f"E2;{code};Vertaistuki;;2026-13-01;;;;;",
                f"E3;{code};Vertaistuki;;2026-02-01;;2026-01-31;completed;;",
                f"E4;{code};Vertaistuki;medium;2026-01-05;;;;;",
                f"E5;{code};Vertaistuki;;2026-01-05;;2026-02-01;bored;;",
                f"E6;{code};  ;;2026-01-05;;;;;",
                f"E7;{code};Vertaistuki;;2026-01-05;;;",
                f";{code};Vertaistuki;;2026-01-05;;;;;",
                "E9;;Vertaistuki;;2026-01-05;;;;;",
                f"E10;{code};Vertaistuki;;;;;;;",
                f"E11;{code};Vertaistuki;;2026-01-05;;;completed;;",
                f"E12;{code};Vertaistuki;;2026-01-05;;;;;2026-03-01",
                f"E13;{code};Vertaistuki;;2026-01-05;2025-12-01;;;;",
                f"E14;{code};{'x' * 201};;2026-01-05;;;;;",
                "",
                f"E16;{code};Vertaistuki;;5.1.2026;;;;;")
    out, _ = _import(path)
    assert out.splitlines() == [
        "episodes: 2 created, 0 updated, 0 unchanged, 13 rejected",
        "  line 3: start is not a date between 1900 and 2100 (write 2026-11-23 or 23.11.2026)",
        "  line 4: end is before start",
        "  line 5: intensity is not heavy, light, raskas or kevyt",
        "  line 6: end_reason is not one of completed, client_ended, discharged, moved, "
        "transferred, other",
        "  line 7: no service",
        "  line 8: 8 fields where the header has 10",
        "  line 9: no episode_id",
        "  line 10: no identity code",
        "  line 11: no start date",
        "  line 12: end_reason without an end date",
        "  line 13: next_date without a next_service",
        "  line 14: planned_end is before start",
        "  line 15: service_name: Ensure this value has at most 200 characters (it has 201)."]
    assert sorted(ServiceEpisode.objects.values_list("source_id", flat=True)) == ["E1", "E16"]


def test_a_duplicate_episode_id_in_one_file_imports_neither(tmp_path, setup):
    _, clients, _ = setup
    first, second = (c.identity_code for c in clients)
    path = _csv(tmp_path, HEADER, f"E1;{first};Vertaistuki;;2026-01-05;;;;;",
                f"E2;{second};Vertaistuki;;2026-01-05;;;;;",
                f"E1;{first};Vertaistuki;;2026-02-05;;;;;")
    out, _ = _import(path)
    assert out.splitlines() == [
        "episodes: 1 created, 0 updated, 0 unchanged, 2 rejected",
        "  line 2: the same episode_id as line 4 (none of them imported)",
        "  line 4: the same episode_id as line 2 (none of them imported)"]
    assert list(ServiceEpisode.objects.values_list("source_id", flat=True)) == ["E2"]


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [False, True])
def test_either_delimiter_and_a_byte_order_mark_are_read(tmp_path, setup, delimiter, bom):
    _, clients, _ = setup
    path = _csv(tmp_path, *_good(clients), delimiter=delimiter, bom=bom)
    out, _ = _import(path)
    assert out.splitlines() == ["episodes: 3 created, 0 updated, 0 unchanged, 0 rejected"]
    assert ServiceEpisode.objects.get(source_id="E1").starts_on == datetime.date(2026, 1, 5)


def test_quoted_fields_columns_in_any_order_and_unknown_columns(tmp_path, setup):
    _, clients, _ = setup
    path = _csv(tmp_path, "Start,Service,notes,Identity_Code,episode_id",
                f'2026-01-05,"Tuki, ja ohjaus",free text,{clients[0].identity_code},E1',
                delimiter=",")
    out, _ = _import(path)
    assert out.splitlines() == ["episodes: 1 created, 0 updated, 0 unchanged, 0 rejected",
                                "columns ignored: notes"]
    episode = ServiceEpisode.objects.get()
    assert (episode.service_name, episode.intensity) == ("Tuki, ja ohjaus", Intensity.LIGHT)


def test_finnish_dates(tmp_path, setup):
    _, clients, _ = setup
    path = _csv(tmp_path, HEADER, f"E1;{clients[0].identity_code};Vertaistuki;;23.11.2026;"
                                  "1.2.2027;;;Asumisneuvonta;05.01.2027")
    _import(path)
    episode = ServiceEpisode.objects.get()
    assert (episode.starts_on, episode.planned_end_on, episode.next_on) == (
        datetime.date(2026, 11, 23), datetime.date(2027, 2, 1), datetime.date(2027, 1, 5))


def test_the_same_episode_id_of_another_client_is_not_moved(tmp_path, setup):
    _, clients, _ = setup
    first, second = (c.identity_code for c in clients)
    _import(_csv(tmp_path, HEADER, f"E1;{first};Vertaistuki;;2026-01-05;;;;;"))
    out, _ = _import(_csv(tmp_path, HEADER, f"E1;{second};Vertaistuki;;2026-01-05;;;;;"))
    assert out.splitlines()[1] == ("  line 2: this episode_id was imported for another client "
                                   "(not changed)")
    assert ServiceEpisode.objects.get().client == clients[0]


def test_episode_ids_are_matched_within_the_importers_register(tmp_path, setup):
    _, clients, _ = setup
    PersonFactory(user__username="olli")  # another organisation, another controller
    path = _csv(tmp_path, *_good(clients))
    _import(path)
    out, _ = _import(path, by="olli")
    assert out.startswith("episodes: 3 created, 0 updated, 0 unchanged")
    assert ServiceEpisode.objects.count() == 6


def _malformed(tmp_path, clients, kind: str, monkeypatch):
    good = _good(clients)
    if kind == "missing column":
        return _csv(tmp_path, HEADER.replace("start", "begin"), *good[1:])
    if kind == "not UTF-8":
        return _csv(tmp_path, *good, "E9;x;Päihdetyö;;2026-01-05;;;;;", encoding="latin-1")
    if kind == "NUL bytes":
        path = _csv(tmp_path, *good)
        path.write_bytes(path.read_bytes() + b"E9;\x00\x00;x;;2026-01-05;;;;;\r\n")
        return path
    if kind == "too large":
        monkeypatch.setattr(imports, "MAX_FILE_BYTES", 200)
        return _csv(tmp_path, *good)
    if kind == "too many rows":
        monkeypatch.setattr(imports, "MAX_ROWS", 2)
        return _csv(tmp_path, *good)
    if kind == "no header":
        return _csv(tmp_path, *good[1:])
    if kind == "empty":
        path = tmp_path / "episodes.csv"
        path.write_bytes(b"\xef\xbb\xbf")
        return path
    if kind == "broken quoting":
        return _csv(tmp_path, *good, 'E9;"x"y;Vertaistuki;;2026-01-05;;;;;')
    raise AssertionError(kind)


@pytest.mark.parametrize("kind, message", [
    ("missing column", "episodes.csv: the header has no column start (required: episode_id, "
                       "identity_code, service, start)"),
    ("not UTF-8", "episodes.csv: not UTF-8 (line 2); save the extract as UTF-8"),
    ("NUL bytes", "episodes.csv: line 5 holds a NUL byte; this is not a CSV text file"),
    ("too large", "episodes.csv: larger than 0 MB; split the extract"),
    ("too many rows", "episodes.csv: more than 2 rows; split the extract"),
    ("no header", "episodes.csv: the header has no column episode_id, identity_code, service, "
                  "start"),
    ("empty", "episodes.csv: no header row (the first line names the columns)"),
    ("broken quoting", "episodes.csv: line 5 is not valid CSV"),
])
def test_a_malformed_file_is_refused_with_nothing_written(tmp_path, setup, monkeypatch, kind,
                                                         message):
    _, clients, _ = setup
    path = _malformed(tmp_path, clients, kind, monkeypatch)
    with pytest.raises(CommandError, match="^Nothing imported: ") as refused:
        _import(path)
    assert str(refused.value).startswith(f"Nothing imported: {message}")
    assert refused.value.returncode == 1
    assert not ServiceEpisode.objects.exists()
    for client in clients:
        assert client.identity_code not in str(refused.value)


def test_an_unknown_or_inactive_importer_is_refused(tmp_path, setup):
    _, clients, _ = setup
    path = _csv(tmp_path, *_good(clients))
    UserFactory(username="no-person")
    PersonFactory(user__username="left", user__is_active=False)
    for username in ("nobody", "no-person", "left"):
        with pytest.raises(CommandError, match=f"no active professional with the username "
                                               f"'{username}'"):
            _import(path, by=username)
    assert not ServiceEpisode.objects.exists()


def test_a_failure_half_way_leaves_nothing_imported(tmp_path, setup, monkeypatch):
    _, clients, _ = setup
    monkeypatch.setattr(imports, "BATCH", 1)
    bulk_create = ServiceEpisode.objects.bulk_create
    calls = []

    def failing(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(ServiceEpisode.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        _import(_csv(tmp_path, *_good(clients)))
    assert calls == [1, 1]
    assert not ServiceEpisode.objects.exists()


def test_moti_import_episodes_exits_0_on_a_read_file_and_1_on_a_refused_one(
        tmp_path, setup, monkeypatch, capsys):
    _, clients, _ = setup
    # Django closes the connections after a command; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = _csv(tmp_path, *_good(clients), f"E4;{STRANGER};Vertaistuki;;2026-01-05;;;;;")
    monkeypatch.setattr(sys, "argv", ["moti", "import-episodes", str(path), "--by", "ilona"])
    main()  # returns: exit code 0
    output = capsys.readouterr()
    assert output.out.splitlines() == [
        "episodes: 3 created, 0 updated, 0 unchanged, 1 rejected",
        "  line 5: no client with this identity code (not created)"]
    assert STRANGER not in output.out + output.err
    broken = _csv(tmp_path, HEADER.replace(";service", ";palvelu"), *_good(clients)[1:],
                  name="broken.csv")
    monkeypatch.setattr(sys, "argv", ["moti", "import-episodes", str(broken), "--by", "ilona"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1
    assert "Nothing imported: broken.csv: the header has no column service" in (
        capsys.readouterr().err)
    assert ServiceEpisode.objects.count() == 3


def test_an_imports_lookup_asks_the_directory_once_per_name(setup, django_assert_num_queries):
    """The rows of an extract name a few services many times: each name is looked up once."""
    named = service_lookup()
    step = Step(service_name="Boenderådgivning", intensity=Intensity.LIGHT,
                starts_on=datetime.date(2026, 1, 5), next_service_name="Yösija",
                next_on=datetime.date(2026, 3, 1))
    expected = step.fields()
    assert step.fields(named) == expected
    with django_assert_num_queries(0):
        assert step.fields(named) == expected


def test_dates_outside_what_the_forms_take_are_rejected(tmp_path, setup):
    """An imported episode stays editable: years the forms refuse are refused here too."""
    _, clients, _ = setup
    code = clients[0].identity_code
    out, _ = _import(_csv(tmp_path, HEADER, f"E1;{code};Vertaistuki;;0001-01-01;;;;;",
                          f"E2;{code};Vertaistuki;;2026-01-05;9999-12-31;;;;"))
    assert out.splitlines()[0] == "episodes: 0 created, 0 updated, 0 unchanged, 2 rejected"
    assert ServiceEpisode.objects.count() == 0


def test_a_refusal_never_prints_an_identity_code_in_a_file_name(tmp_path, setup):
    """A review finding: the refusal named the file, and a file's name may hold a code."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    person, clients, _ = setup
    code = clients[0].identity_code
    with pytest.raises(CommandError) as refused:
        call_command("import_episodes", str(tmp_path / f"nope-{code}.csv"),
                     by=person.user.username)
    assert code not in str(refused.value) and "[identity code]" in str(refused.value)
