"""Background work of the key side. Tasks take ids (or nothing), reload, are safe to run twice."""

from django_tasks import task

from huquq.security import keys


@task()
def persons_match_pending_task() -> int:
    """Join up the people intake stored while the server was locked (runs after unlock)."""
    from huquq.cases.services import persons_match_pending

    if not keys.is_unlocked():
        return 0
    return persons_match_pending()
