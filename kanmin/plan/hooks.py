"""Navigation links of the plan domain."""

NAV = [
    ("plan:progress_index", "計画の進捗", "Plan progress", "public"),
    ("plan:inventory_list", "データ棚卸し", "Data inventory", "staff"),
    ("plan:procedure_list", "手続き棚卸し", "Procedure inventory", "staff"),
    ("plan:plan_list", "計画管理", "Plan management", "staff"),
]
