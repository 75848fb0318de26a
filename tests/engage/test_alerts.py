"""Area alerts: subscription with e-mail confirmation, staff publishing, delivery by area/topic, feed, unsubscribe."""

import pytest

from kanmin.engage import notify, services
from kanmin.engage.models import Alert, AlertArea, AlertSubscription

pytestmark = pytest.mark.django_db(transaction=True)  # mails are sent after commit


@pytest.fixture
def areas(db):
    return {
        "chuo": AlertArea.objects.create(code="chuo", name="中央校区", name_en="Chuo district", kind="school"),
        "kita": AlertArea.objects.create(code="kita", name="北部", kind="ward"),
    }


def subscribed(email, topics, area=None):
    sub = services.subscribe(email=email, topics=topics, area=area)
    services.confirm(notify.confirm_token("subscription", sub.pk))
    return sub


def test_subscribe_publish_deliver_feed_unsubscribe(client, post_form, smtp, editor, areas, dataset):
    # a citizen subscribes through the form and confirms by the mailed link
    r = post_form("/engage/alerts/", {"email": "sakura@example.jp", "topics": ["disaster"], "area": areas["chuo"].pk})
    assert r.status_code == 200, r.content.decode()[:2000]
    link = smtp.link(smtp.wait(1)[0], "/engage/confirm/")
    assert client.get(link.replace("http://testserver", "")).status_code == 200
    assert AlertSubscription.objects.get(email="sakura@example.jp").confirmed_at
    # others: every area, another area, another topic, unconfirmed
    subscribed("all@example.jp", ["disaster", "outbreak"])
    subscribed("kita@example.jp", ["disaster"], areas["kita"])
    subscribed("flu@example.jp", ["outbreak"], areas["chuo"])
    services.subscribe(email="unconfirmed@example.jp", topics=["disaster"], area=areas["chuo"])
    before = len(smtp.wait(5))  # 1 form confirmation + 4 service confirmations

    client.force_login(editor)
    r = client.post("/engage/staff/alerts/", {
        "title": "中央校区に避難指示", "body": "河川の増水のため、中央校区に避難指示を発令しました。", "topic": "disaster",
        "area": areas["chuo"].pk, "dataset": "aed",
    })
    assert r.status_code == 302
    alert = Alert.objects.get()
    assert alert.dataset_id == str(dataset.pk) and alert.recipients == 2 and alert.sent == 2
    mails = smtp.wait(before + 2)[before:]
    assert sorted(m["To"] for m in mails) == ["all@example.jp", "sakura@example.jp"]
    body = smtp.body(mails[0])
    assert "中央校区に避難指示" in mails[0]["Subject"] and "/dataset/aed/" in body and "/engage/alerts/unsubscribe/" in body

    # the JSON feed for the area (Web Push senders poll it)
    client.logout()
    feed = client.get("/engage/alerts/feed.json", {"area": "chuo", "topic": "disaster"})
    assert feed["Content-Type"].startswith("application/feed+json")
    items = feed.json()["items"]
    assert [i["title"] for i in items] == ["中央校区に避難指示"]
    assert items[0]["_kanmin"]["area"] == "chuo" and items[0]["_kanmin"]["dataset"].endswith("/dataset/aed/")
    assert client.get("/engage/alerts/feed.json", {"area": "kita"}).json()["items"] == []
    assert client.get("/engage/alerts/feed.json", {"area": "nowhere"}).status_code == 400
    en = client.get("/en/engage/alerts/feed.json", {"area": "chuo"}).json()
    assert en["items"][0]["_kanmin"]["area_name"] == "Chuo district" and "/en/engage/alerts/" in en["items"][0]["url"]

    # unsubscribe: GET only asks (mail scanners must not unsubscribe), POST removes
    unsub = smtp.link([m for m in mails if m["To"] == "sakura@example.jp"][0], "/engage/alerts/unsubscribe/").replace("http://testserver", "")
    assert client.get(unsub).status_code == 200 and AlertSubscription.objects.filter(email="sakura@example.jp").exists()
    assert client.post(unsub).status_code == 200
    assert not AlertSubscription.objects.filter(email="sakura@example.jp").exists()
    assert client.post(unsub).status_code == 400


def test_alert_form_rejects_markup_and_unknown_dataset(client, editor, areas):
    client.force_login(editor)
    r = client.post("/engage/staff/alerts/", {"title": "<script>x</script>", "body": "本文", "topic": "disaster", "area": "", "dataset": ""})
    assert r.status_code == 200 and "HTML" in r.content.decode()
    r = client.post("/engage/staff/alerts/", {"title": "件名", "body": "本文", "topic": "disaster", "area": "", "dataset": "missing"})
    assert "見つからない" in r.content.decode()
    assert Alert.objects.count() == 0


def test_areas_are_managed_by_staff(client, editor):
    client.force_login(editor)
    r = client.post("/engage/staff/areas/", {"code": "minami", "name": "南部", "name_en": "South", "kind": "ward"})
    assert r.status_code == 302 and AlertArea.objects.filter(code="minami").exists()
    r = client.post("/engage/staff/areas/", {"code": "bad code", "name": "<b>x</b>", "name_en": "", "kind": "ward"})
    assert r.status_code == 200 and AlertArea.objects.count() == 1
