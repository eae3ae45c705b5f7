"""Move every stored ID number to the current key of ID_NUMBER_KEYS and re-hash it.

After a rotation (a new secret put first in ``ID_NUMBER_KEYS``, the old ones kept after
it) run ``manage.py reencrypt_id_numbers``; when it reports nothing left, the old secrets
can be removed. Rows are read in batches by primary key, each batch in one transaction;
running it again is harmless (rows already under the current key are only counted).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from requests_app import crypto
from requests_app.models import InformationRequest


class Command(BaseCommand):
    help = "用当前密钥（ID_NUMBER_KEYS 的第一个）重新加密申请人身份证件号码并重算检索摘要。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批处理件数（默认500）")

    def handle(self, *args, batch_size=500, **options):
        moved = unchanged = 0
        last_pk = 0
        while True:
            with transaction.atomic():
                rows = list(
                    InformationRequest.objects.exclude(id_number="")
                    .filter(pk__gt=last_pk)
                    .select_for_update()
                    .order_by("pk")
                    # The raw token: the field itself would hand back the plaintext.
                    .annotate(token=Cast("id_number", TextField()))
                    .values_list("pk", "token", "id_number_hash")[:batch_size]
                )
                if not rows:
                    break
                stale = []
                for pk, token, stored_hash in rows:
                    number = crypto.decrypt(token)
                    digest = crypto.id_number_hash(number)
                    if crypto.is_current(token) and stored_hash == digest:
                        unchanged += 1
                    else:
                        # Saving the plaintext through the field encrypts it with the
                        # current key.
                        stale.append(
                            InformationRequest(pk=pk, id_number=number, id_number_hash=digest)
                        )
                InformationRequest.objects.bulk_update(stale, ["id_number", "id_number_hash"])
                moved += len(stale)
                last_pk = rows[-1][0]
        self.stdout.write(
            f"已用当前密钥重新加密{moved}件申请的身份证件号码，{unchanged}件无需处理。"
        )
