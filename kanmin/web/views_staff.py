"""Staff pages: datasets of the user's organizations, edit forms, uploads with progress, API tokens."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kanmin.api.models import ApiToken
from kanmin.catalog import permissions, services as catalog
from kanmin.catalog.forms import DatasetForm, ResourceForm
from kanmin.catalog.models import Dataset, Membership, Organization, Resource
from kanmin.core.errors import UserError
from kanmin.core.middleware import request_lang as lang_of


@login_required
def staff_home(request):
    orgs = permissions.editable_organizations(request.user)
    datasets = Dataset.objects.filter(organization__in=orgs).exclude(state=Dataset.State.DELETED).select_related("organization")
    return render(request, "web/staff_home.html", {
        "organizations": orgs, "datasets": datasets, "admin_organizations": permissions.admin_organizations(request.user),
    })


def _editable_dataset(request, name) -> Dataset:
    try:
        dataset = catalog.get_dataset(name)
    except Dataset.DoesNotExist:
        raise Http404 from None
    if not permissions.can_edit(request.user, dataset.organization):
        raise PermissionDenied
    return dataset


@login_required
def dataset_edit(request, name=None):
    dataset = _editable_dataset(request, name) if name else None
    orgs = permissions.editable_organizations(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = DatasetForm(request.POST or None, instance=dataset, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        saved = catalog.save_dataset_form(form)
        messages.success(request, _("データセットを保存しました。"))
        if dataset is None:
            return redirect("web:staff_resource_new", name=saved.name)
        return redirect("web:dataset", name=saved.name)
    return render(request, "web/staff_dataset_form.html", {"form": form, "dataset": dataset})


def _upload_response(request, resource, job):
    """Send the browser to the resource page, which shows the load's progress bar."""
    url = reverse("web:resource", args=[resource.dataset.name, resource.pk])
    if job is not None:
        url += f"?job={job.pk}"
    return redirect(url)


@login_required
def resource_new(request, name):
    dataset = _editable_dataset(request, name)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("upload")
        try:
            resource, job = catalog.create_resource(
                dataset,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                url=form.cleaned_data["url"],
                format=form.cleaned_data["format"],
                upload=upload,
                filename=upload.name if upload else "",
            )
        except UserError as exc:
            form.add_error("upload" if upload else None, exc.message(lang_of(request)))
        else:
            return _upload_response(request, resource, job)
    return render(request, "web/staff_resource_form.html", {"form": form, "dataset": dataset})


def _editable_resource(request, resource_id) -> Resource:
    try:
        resource = catalog.get_resource(resource_id)
    except Resource.DoesNotExist:
        raise Http404 from None
    if not permissions.can_edit(request.user, resource.dataset.organization):
        raise PermissionDenied
    return resource


@login_required
def resource_replace(request, resource_id):
    resource = _editable_resource(request, resource_id)
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("upload")
        form.save()
        job = None
        if upload:
            try:
                job = catalog.attach_upload(resource, upload, upload.name)
            except UserError as exc:
                form.add_error("upload", exc.message(lang_of(request)))
                return render(request, "web/staff_resource_form.html", {"form": form, "dataset": resource.dataset, "resource": resource})
        catalog.reindex(resource.dataset)
        return _upload_response(request, resource, job)
    return render(request, "web/staff_resource_form.html", {"form": form, "dataset": resource.dataset, "resource": resource})


@login_required
@require_POST
def resource_delete(request, resource_id):
    resource = _editable_resource(request, resource_id)
    name = resource.dataset.name
    catalog.delete_resource(resource)
    messages.success(request, _("リソースを削除しました。"))
    return redirect("web:dataset", name=name)


@login_required
@require_POST
def dataset_delete(request, name):
    """Soft delete (CKAN semantics): hidden everywhere, its datastore tables dropped, recoverable by a site admin."""
    dataset = _editable_dataset(request, name)
    catalog.delete_dataset(dataset)
    messages.success(request, _("データセットを削除しました。"))
    return redirect("web:staff_home")


@login_required
def members(request, name):
    """An organization's admins manage who may edit its data (admin / editor / member)."""
    try:
        org = catalog.get_organization(name)
    except Organization.DoesNotExist:
        raise Http404 from None
    if not permissions.can_admin(request.user, org):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        username = (request.POST.get("username") or "").strip()
        role = request.POST.get("role", "")
        user = get_user_model().objects.filter(username=username).first()
        if "remove" in request.POST:
            Membership.objects.filter(organization=org, user__username=request.POST["remove"]).exclude(user=request.user).delete()
            messages.success(request, _("メンバーを外しました。"))
            return redirect("web:staff_members", name=org.name)
        if user is None:
            error = _("そのユーザー名の職員はいません。")
        elif role not in Membership.Role.values:
            error = _("役割を選んでください。")
        else:
            Membership.objects.update_or_create(user=user, organization=org, defaults={"role": role})
            messages.success(request, _("メンバーを保存しました。"))
            return redirect("web:staff_members", name=org.name)
    return render(request, "web/staff_members.html", {
        "organization": org, "memberships": org.memberships.select_related("user").order_by("user__username"),
        "roles": Membership.Role.choices, "error": error,
    })


@login_required
def tokens(request):
    new_token = None
    if request.method == "POST":
        if "revoke" in request.POST:
            ApiToken.objects.filter(user=request.user, pk=request.POST.get("revoke")).delete()
            messages.success(request, _("トークンを削除しました。"))
        else:
            name = (request.POST.get("name") or "api").strip()[:100]
            _record, new_token = ApiToken.issue(request.user, name)
    return render(request, "web/staff_tokens.html", {"tokens": request.user.api_tokens.all(), "new_token": new_token})
