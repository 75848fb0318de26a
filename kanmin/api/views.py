"""HTTP entry point of the Action API: parse the request, authenticate, dispatch, wrap in CKAN's envelope."""

import decimal
import logging

import orjson
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from kanmin.core import hooks
from kanmin.core.errors import UserError

from . import actions_datastore, actions_read, actions_write  # noqa: F401  (register actions)
from .dictize import site_url
from .errors import ActionError, NotAuthorized, ValidationError
from .models import ApiToken
from .registry import ACTIONS, Context

log = logging.getLogger(__name__)


def _default(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    raise TypeError


def json_response(body: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        orjson.dumps(body, default=_default, option=orjson.OPT_NON_STR_KEYS),
        status=status,
        content_type="application/json;charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _token(request) -> str:
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        auth = auth[7:]
    return auth or request.headers.get("X-CKAN-API-Key", "")


def _data(request) -> dict:
    if request.method == "GET":
        return {k: v[-1] if len(v) == 1 else v for k, v in request.GET.lists()}
    if request.content_type == "application/json" or (request.body[:1] in (b"{", b"[") and not request.FILES):
        if not request.body.strip():
            return {}
        try:
            data = orjson.loads(request.body)
        except orjson.JSONDecodeError:
            raise ValidationError("Bad request: JSON decode error", "JSON を読み取れません。") from None
        if not isinstance(data, dict):
            raise ValidationError("Bad request: data must be a JSON object", "JSON オブジェクトで送ってください。")
        return data
    return {k: v[-1] if len(v) == 1 else v for k, v in request.POST.lists()}


def _user(request):
    token = _token(request)
    if token:
        user = ApiToken.user_for(token)
        if user is None:
            raise NotAuthorized("Invalid or expired API token.", "API トークンが無効か期限切れです。")
        return user, True
    return request.user, False


@csrf_exempt
def action_view(request, name: str):
    hooks.domain_modules("api_actions")  # domains register their own actions on first use
    hooks.notify("on_event", "api", request, action=name)
    help_url = f"{site_url()}/api/3/action/help_show?name={name}"
    func = ACTIONS.get(name)
    if func is None:
        body = {"help": help_url, "success": False,
                "error": {"message": f"Bad request - Action name not known: {name}", "__type": "Bad request"}}
        return json_response(body, 400)
    if request.method == "OPTIONS":
        response = json_response({}, 200)
        response["Access-Control-Allow-Headers"] = "Authorization, Content-Type, X-CKAN-API-Key"
        return response
    try:
        user, by_token = _user(request)
        if getattr(func, "write", False):
            if request.method != "POST":
                raise ActionError("Write actions must be sent by POST.", "書き込み操作は POST で送ってください。")
            if not by_token:
                user = None  # writes need an API token; a browser session would need CSRF protection
        data = _data(request)
        ctx = Context(user=user, request=request, lang=getattr(request, "LANGUAGE_CODE", "en"))
        result = func(ctx, data)
    except ActionError as exc:
        return json_response({"help": help_url, "success": False, "error": exc.body()}, exc.status)
    except UserError as exc:
        err = ValidationError.from_user_error(exc)
        return json_response({"help": help_url, "success": False, "error": err.body()}, err.status)
    return json_response({"help": help_url, "success": True, "result": result})
