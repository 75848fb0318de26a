"""kanmin (官民): open data platform for a Japanese municipality's data utilization plan."""

__version__ = "0.1.0"
