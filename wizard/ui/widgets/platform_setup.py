"""The platform's own requirements beside the journey: categories and payment on the
registration page; capabilities, the trial period and host apps on the review page. The
sentences come from wizard.core.platform_setup; this module only lays them out."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from wizard.core import platform_setup as setup
from wizard.core.i18n import _
from wizard.core.profile.document import ProviderProfile
from wizard.core.steps.registration import Subject
from wizard.ui.widgets.common import Notice, wrapping_label


class CategoriesPaymentBox(QGroupBox):
    """Service categories for every merchant; payment steps for enterprise subjects."""

    def __init__(self) -> None:
        super().__init__()
        self.categories_title = QLabel()
        self.categories_label = wrapping_label()
        # Item 3 (wizard.core.platform_api) fills this with the platform's own answer about the
        # categories (approved / in review, edits left) and the time it was asked; hidden until
        # then, so the page reads the same without it.
        self.platform_answer = Notice()
        self.payment_title = QLabel()
        self.payment_label = wrapping_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.categories_title)
        layout.addWidget(self.categories_label)
        layout.addWidget(self.platform_answer)
        layout.addWidget(self.payment_title)
        layout.addWidget(self.payment_label)

    def show_for(self, subject: Subject, profile: ProviderProfile | None) -> None:
        """Every text, in the current language, for this subject and provider."""
        self.setTitle(_("Service categories and payment"))
        self.categories_title.setText(_("Service categories (服务类目)"))
        self.categories_label.setText(setup.categories_text())
        self.payment_title.setText(_("Payment (支付)"))
        self.payment_label.setText(setup.payment_text(subject, profile))


class AfterLaunchBox(QGroupBox):
    """Host apps to tick, capabilities granted only after launch, and the trial period."""

    def __init__(self) -> None:
        super().__init__()
        self.hosts_label = wrapping_label()
        self.capabilities_label = wrapping_label()
        # Item 3 fills this with the capability applications' state as the platform answers.
        self.platform_answer = Notice()
        self.trial_label = wrapping_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hosts_label)
        layout.addWidget(self.capabilities_label)
        layout.addWidget(self.platform_answer)
        layout.addWidget(self.trial_label)

    def retranslate(self) -> None:
        self.setTitle(_("Host apps, capabilities and the trial period"))
        self.hosts_label.setText(setup.hosts_text())
        self.capabilities_label.setText(setup.capabilities_text())
        self.trial_label.setText(setup.trial_text())
