"""The one field type for personal data and free text.

Every name, phone number, handle, message text, note and reply in the data model is declared
as a ``PersonalField``. Sealing (encryption at rest) is applied here and nowhere else, so the
rest of the code reads and writes plain ``str`` values.
"""

from django.db import models


class PersonalField(models.TextField):
    """A text column that holds personal data; stored sealed once the key service is on."""

    description = "Personal data (sealed at rest)"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)
