"""Navigation links of the procedures domain."""

NAV = [
    ("procedures:index", "オンライン申請", "Online applications", "public"),
    ("procedures:finder", "支援制度検索", "Support programmes", "public"),
    ("procedures:staff_queue", "申請の審査", "Review applications", "staff"),
    ("procedures:staff_forms", "フォーム作成", "Form builder", "staff"),
]
