"""Fee payment through a provider interface. A fee counts as paid only when a ``Payment`` row in
state ``paid`` exists, and only a provider's ``confirm`` step puts a row in that state."""

import hmac
import secrets
from hashlib import sha256

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kanmin.core.errors import UserError

from .models import Application, ApplicationEvent, Payment


class PaymentProvider:
    """Interface: ``start`` records a pending Payment and ``checkout_url`` says where the citizen pays;
    ``confirm`` is called with the provider's notification and marks the Payment paid after checking it."""

    name = ""

    def start(self, application: Application) -> Payment:  # pragma: no cover - interface
        raise NotImplementedError

    def checkout_url(self, payment: Payment) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def confirm(self, payment: Payment, notification: dict) -> Payment:  # pragma: no cover - interface
        raise NotImplementedError


def _ensure_payable(application: Application) -> None:
    if application.fee <= 0:
        raise UserError("この手続きに手数料はありません。", "This procedure has no fee.")
    if application.status == Application.Status.DRAFT:
        raise UserError("申請の送信後にお支払いください。", "Submit the application before paying.")
    if application.is_paid:
        raise UserError("手数料は支払済みです。", "The fee has already been paid.")


class TestPaymentProvider(PaymentProvider):
    """Test/demo provider: the 'checkout' is a page of this site; the confirmation must carry an HMAC
    of the reference and amount, as a real provider's signed notification would."""

    name = "test"

    def _signature(self, reference: str, amount: int) -> str:
        return hmac.new(settings.SECRET_KEY.encode(), f"{reference}|{amount}".encode(), sha256).hexdigest()

    def start(self, application: Application) -> Payment:
        _ensure_payable(application)
        pending = application.payments.filter(status=Payment.Status.PENDING, provider=self.name).first()
        if pending:
            return pending
        return Payment.objects.create(application=application, provider=self.name, amount=application.fee,
                                      provider_reference=f"TEST-{secrets.token_hex(8).upper()}")

    def checkout_url(self, payment: Payment) -> str:
        return reverse("procedures:test_checkout", args=[payment.provider_reference])

    def notification_for(self, payment: Payment) -> dict:
        """What the test provider's checkout page sends back when the citizen presses 'pay'."""
        return {"reference": payment.provider_reference, "amount": payment.amount,
                "signature": self._signature(payment.provider_reference, payment.amount)}

    def confirm(self, payment: Payment, notification: dict) -> Payment:
        expected = self._signature(payment.provider_reference, payment.amount)
        if (notification.get("reference") != payment.provider_reference or str(notification.get("amount")) != str(payment.amount)
                or not hmac.compare_digest(str(notification.get("signature", "")), expected)):
            raise UserError("支払の確認に失敗しました。", "The payment confirmation could not be verified.")
        with transaction.atomic():
            locked = Payment.objects.select_for_update().get(pk=payment.pk)
            if locked.status == Payment.Status.PAID:
                return locked
            if locked.status != Payment.Status.PENDING:
                raise UserError("この支払は取り消されています。", "This payment was cancelled.")
            locked.status = Payment.Status.PAID
            locked.paid_at = timezone.now()
            locked.save(update_fields=["status", "paid_at"])
            ApplicationEvent.objects.create(
                application=locked.application, kind=ApplicationEvent.Kind.PAYMENT, actor_label=f"payment:{self.name}",
                message=f"{locked.amount} 円 支払済 / paid ({locked.provider_reference})",
            )
        return locked


def provider(name: str = "") -> PaymentProvider:
    name = name or getattr(settings, "KANMIN_PAYMENT_PROVIDER", "test")
    if name == "test":
        return TestPaymentProvider()
    from importlib import import_module

    module, _, cls = name.rpartition(".")
    return getattr(import_module(module), cls)()
