"""Staff form for harvest sources."""

from django import forms

from kanmin.catalog import permissions

from kanmin.core.errors import UserError

from .harvest.remote import check_url
from .models import HarvestSource


class HarvestSourceForm(forms.ModelForm):
    organization_name = forms.ChoiceField(label="取り込み先の組織 / Target organization")

    class Meta:
        model = HarvestSource
        fields = ["name", "title", "url", "organization_name", "fq", "interval_hours", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # harvested into: organizations the user administers (all for site admins)
        self.fields["organization_name"].choices = [(o.name, o.title) for o in permissions.admin_organizations(user)]
        if not self.instance._state.adding:
            self.fields["name"].disabled = True

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            return check_url(HarvestSource(url=url).api_base) + "/"  # a pasted .../api/3/action is trimmed
        except UserError as exc:
            raise forms.ValidationError(f"{exc.ja} / {exc.en}") from None
