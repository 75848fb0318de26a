"""Navigation of the public comment domain."""

NAV = [
    ("pubcomment:list", "パブリックコメント", "Public comment", "public"),
    ("pubcomment:staff", "パブコメ管理", "Public comment (staff)", "staff"),
]
