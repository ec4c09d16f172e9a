"""The embedded default (SQLite) runs jobs inside web requests, so two uploads write at once.
Two transactions that each read and then write must both succeed, one after the other."""
import threading
import time

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.env import env_database


def _wrapper(url: str, alias: str) -> DatabaseWrapper:
    """A connection configured exactly as settings.DATABASES would be for this URL."""
    config = env_database("TEST_DATABASE_URL", url)
    config.update({"TIME_ZONE": None, "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True})
    return DatabaseWrapper(config, alias=alias)


def _transaction(url, errors, name):
    connection = _wrapper(url, name)
    try:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN" if connection.transaction_mode is None
                           else f"BEGIN {connection.transaction_mode}")
            cursor.execute("SELECT count(*) FROM documents")  # read first ...
            time.sleep(0.3)
            cursor.execute("INSERT INTO documents (name) VALUES (%s)", [name])  # ... then write
            cursor.execute("COMMIT")
    except Exception as exc:  # noqa: BLE001 - the assertion reports it
        errors.append(f"{name}: {exc}")
    finally:
        connection.close()


@pytest.mark.django_db  # lets these extra connections (to a file of this test's own) open
def test_it_serialises_two_writers_instead_of_failing_with_database_is_locked(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    setup = _wrapper(url, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE documents (name TEXT)")
    setup.close()
    errors: list[str] = []

    threads = [threading.Thread(target=_transaction, args=(url, errors, f"upload-{i}"))
               for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
