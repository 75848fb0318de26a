"""URLs of the procedures domain (mounted at /procedures/ in Japanese and /en/procedures/ in English)."""

from django.urls import path

from . import views_identity as idv, views_public as pub, views_staff as staff

app_name = "procedures"
urlpatterns = [
    path("", pub.index, name="index"),
    path("f/<slug:slug>/", pub.form_detail, name="form_detail"),
    path("f/<slug:slug>/start/", pub.start, name="start"),
    path("a/<uuid:pk>/", pub.edit, name="edit"),
    path("a/<uuid:pk>/autosave/", pub.autosave, name="autosave"),
    path("a/<uuid:pk>/attachment/<uuid:attachment_id>/remove/", pub.remove_attachment, name="remove_attachment"),
    path("a/<uuid:pk>/confirm/", pub.confirm, name="confirm"),
    path("a/<uuid:pk>/status/", pub.status, name="status"),
    path("a/<uuid:pk>/status.json", pub.status_json, name="status_json"),
    path("a/<uuid:pk>/pay/", pub.pay, name="pay"),
    path("a/<uuid:pk>/document/<uuid:doc_id>/", pub.document, name="document"),
    path("pay/test/<str:reference>/", pub.test_checkout, name="test_checkout"),
    path("my/", pub.my_applications, name="my"),
    path("b/<slug:slug>/", pub.bundle_detail, name="bundle_detail"),
    path("b/<slug:slug>/start/", pub.bundle_start, name="bundle_start"),
    path("ba/<uuid:pk>/", pub.bundle_edit, name="bundle_edit"),
    path("ba/<uuid:pk>/confirm/", pub.bundle_confirm, name="bundle_confirm"),
    path("ba/<uuid:pk>/status/", pub.bundle_status, name="bundle_status"),
    path("support/", pub.support_finder, name="finder"),
    path("verify/", pub.verify, name="verify"),
    path("login/", idv.login, name="login"),
    path("login/oidc/", idv.oidc_begin, name="oidc_begin"),
    path("login/oidc/callback/", idv.oidc_callback, name="oidc_callback"),
    path("login/jpki/", idv.jpki_login, name="jpki_login"),
    path("logout/", idv.logout, name="logout"),
    path("staff/", staff.queue, name="staff_queue"),
    path("staff/a/<uuid:pk>/", staff.application, name="staff_application"),
    path("staff/a/<uuid:pk>/transition/", staff.transition, name="staff_transition"),
    path("staff/a/<uuid:pk>/comment/", staff.comment, name="staff_comment"),
    path("staff/a/<uuid:pk>/attachment/<uuid:attachment_id>/", staff.attachment, name="staff_attachment"),
    path("staff/a/<uuid:pk>/document/<uuid:doc_id>/", staff.document, name="staff_document"),
    path("staff/counter/", staff.counter, name="staff_counter"),
    path("staff/forms/", staff.forms_list, name="staff_forms"),
    path("staff/forms/new/", staff.form_edit, name="staff_form_new"),
    path("staff/forms/<slug:slug>/edit/", staff.form_edit, name="staff_form_edit"),
    path("staff/forms/<uuid:pk>/publish/", staff.form_publish, name="staff_form_publish"),
]
