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


@task()
def intake_values_reseal_task() -> int:
    """Move what intake sealed to the intake key under each row's own data key; how many."""
    from huquq.security.resealing import intake_values_reseal

    return intake_values_reseal().resealed


def after_unlock_enqueue() -> None:
    """The work that waited for the keys: `huquq unlock` and `huquq keys import` queue it."""
    persons_match_pending_task.enqueue()
    intake_values_reseal_task.enqueue()
