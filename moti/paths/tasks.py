"""Background work of the client's path, run by `moti worker`."""

from django_tasks import task

from .figures import count_figures


@task()
def count_path_figures() -> bool:
    """Count the service-path figures once a day (the first look of the day counts them)."""
    return count_figures()
