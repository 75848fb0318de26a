"""DCAT-AP / DCAT-JP style RDF for the catalog and each dataset, built with rdflib from CKAN dicts.

IRIs: the catalog is ``<site>/catalog#it``; a dataset is ``<site>/dataset/<name>/#dataset`` (its
landing page is the HTML page without the fragment); a distribution is the resource page with
``#distribution``; an organization is ``<site>/organization/<name>#org``; a category (group) is
``<site>/group/<name>#concept`` in the concept scheme ``<site>/group/#scheme``.
The mapping of every property is documented in docs/interop.md.
"""

from datetime import date, datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from . import catalog_source as source

ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_FREQ = Namespace("http://publications.europa.eu/resource/authority/frequency/")
EU_FILE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LANG = Namespace("http://publications.europa.eu/resource/authority/language/")
IANA = "https://www.iana.org/assignments/media-types/"

FORMATS = {  # our format code -> (EU file-type code, IANA media type)
    "CSV": ("CSV", "text/csv"),
    "TSV": ("TSV", "text/tab-separated-values"),
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "XLS": ("XLS", "application/vnd.ms-excel"),
    "ODS": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "JSON": ("JSON", "application/json"),
    "GEOJSON": ("GEOJSON", "application/geo+json"),
    "XML": ("XML", "application/xml"),
    "RDF": ("RDF_XML", "application/rdf+xml"),
    "TTL": ("RDF_TURTLE", "text/turtle"),
    "PDF": ("PDF", "application/pdf"),
    "ZIP": ("ZIP", "application/zip"),
    "HTML": ("HTML", "text/html"),
    "TXT": ("TXT", "text/plain"),
    "DOCX": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "SHP": ("SHP", "application/vnd.shp"),
    "KML": ("KML", "application/vnd.google-earth.kml+xml"),
}
FREQUENCIES = {
    "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
    "annual": "ANNUAL", "irregular": "IRREG", "never": "NEVER",
}
SERIALIZATIONS = {  # URL suffix -> (rdflib format, content type)
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
    "rdf": ("pretty-xml", "application/rdf+xml; charset=utf-8"),
}
PREFIXES = {
    "dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD, "skos": SKOS, "xsd": XSD,
    "adms": ADMS, "owl": OWL, "rdfs": RDFS,
}


def media_type(res: dict, fmt: str) -> str:
    """The resource's own ``mimetype``, else the usual one for ``fmt`` ("" if unknown); parameters kept."""
    return res.get("mimetype") or FORMATS.get(fmt.upper(), (None, None))[1] or ""


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _when(value) -> Literal | None:
    """ISO text from a CKAN dict → xsd:dateTime literal (None when empty or unreadable)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return Literal(parsed.isoformat(), datatype=XSD.dateTime)


def _day(value) -> Literal | None:
    if not value:
        return None
    try:
        return Literal(date.fromisoformat(str(value)[:10]).isoformat(), datatype=XSD.date)
    except ValueError:
        return None


def _iri(url: str) -> URIRef | None:
    url = (url or "").strip()
    return URIRef(url) if url.startswith(("http://", "https://")) and " " not in url else None


class Builder:
    """Adds catalog, dataset, distribution, agent and concept nodes to one graph."""

    def __init__(self, graph: Graph | None = None):
        self.g = graph if graph is not None else _graph()
        self.base = source.base_url()
        self._groups: dict[str, dict | None] = {}

    # --- IRIs -------------------------------------------------------------------------------
    def catalog_iri(self) -> URIRef:
        return URIRef(f"{self.base}/catalog#it")

    def dataset_page(self, pkg: dict) -> str:
        return pkg.get("ckan_url") or f"{self.base}/dataset/{pkg['name']}/"

    def dataset_iri(self, pkg: dict) -> URIRef:
        return URIRef(self.dataset_page(pkg) + "#dataset")

    def organization_iri(self, org: dict) -> URIRef:
        return URIRef(f"{self.base}/organization/{org['name']}#org")

    def scheme_iri(self) -> URIRef:
        return URIRef(f"{self.base}/group/#scheme")

    def concept_iri(self, name: str) -> URIRef:
        return URIRef(f"{self.base}/group/{name}#concept")

    # --- nodes -------------------------------------------------------------------------------
    def catalog(self, packages: list[dict]) -> URIRef:
        g, node = self.g, self.catalog_iri()
        g.add((node, RDF.type, DCAT.Catalog))
        g.add((node, DCTERMS.title, Literal(source.site_title(), lang="ja")))
        g.add((node, DCTERMS.description, Literal(
            f"{source.site_title()}で公開しているオープンデータのカタログです。", lang="ja")))
        g.add((node, DCTERMS.description, Literal(
            f"Catalog of the open data published on {source.site_title()}.", lang="en")))
        g.add((node, FOAF.homepage, URIRef(self.base + "/")))
        g.add((node, DCTERMS.language, EU_LANG.JPN))
        publisher = URIRef(f"{self.base}/#publisher")
        self._agent(publisher, source.publisher_name(), "")
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
        g.add((node, DCAT.themeTaxonomy, self.scheme_iri()))
        g.add((self.scheme_iri(), RDF.type, SKOS.ConceptScheme))
        g.add((self.scheme_iri(), DCTERMS.title, Literal("分類", lang="ja")))
        g.add((self.scheme_iri(), DCTERMS.title, Literal("Categories", lang="en")))
        modified = [m for m in (_when(p.get("metadata_modified")) for p in packages) if m is not None]
        if modified:
            g.add((node, DCTERMS.modified, max(modified, key=lambda lit: lit.toPython())))
        for pkg in packages:
            g.add((node, DCAT.dataset, self.dataset(pkg)))
        return node

    def _agent(self, node: URIRef, name_ja: str, name_en: str, email: str = "") -> URIRef:
        g = self.g
        g.add((node, RDF.type, FOAF.Agent))
        g.add((node, RDF.type, FOAF.Organization))
        g.add((node, FOAF.name, Literal(name_ja, lang="ja")))
        if name_en:
            g.add((node, FOAF.name, Literal(name_en, lang="en")))
        if email:
            g.add((node, FOAF.mbox, URIRef(f"mailto:{email}")))
        return node

    def _concept(self, name: str, title: str) -> URIRef:
        if name not in self._groups:
            self._groups[name] = source.group(name)
        info = self._groups[name] or {}
        node = self.concept_iri(name)
        g = self.g
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, self.scheme_iri()))
        g.add((node, SKOS.prefLabel, Literal(info.get("title") or title or name, lang="ja")))
        if info.get("title_en"):
            g.add((node, SKOS.prefLabel, Literal(info["title_en"], lang="en")))
        return node

    def _contact(self, pkg: dict) -> BNode:
        org = pkg.get("organization") or {}
        node = BNode()
        g = self.g
        g.add((node, RDF.type, VCARD.Kind))
        g.add((node, VCARD.fn, Literal(pkg.get("maintainer") or org.get("title") or source.publisher_name(), lang="ja")))
        email = pkg.get("maintainer_email")
        if email:
            g.add((node, VCARD.hasEmail, URIRef(f"mailto:{email}")))
        g.add((node, VCARD.hasURL, URIRef(self.dataset_page(pkg))))
        return node

    def dataset(self, pkg: dict) -> URIRef:
        g, node = self.g, self.dataset_iri(pkg)
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(pkg["id"])))
        g.add((node, ADMS.identifier, Literal(pkg["name"])))
        g.add((node, DCTERMS.title, Literal(pkg["title"], lang="ja")))
        g.add((node, DCTERMS.description, Literal(pkg.get("notes") or pkg["title"], lang="ja")))
        g.add((node, DCAT.landingPage, URIRef(self.dataset_page(pkg))))
        g.add((URIRef(self.dataset_page(pkg)), RDF.type, FOAF.Document))
        for prop, key in ((DCTERMS.issued, "metadata_created"), (DCTERMS.modified, "metadata_modified")):
            value = _when(pkg.get(key))
            if value is not None:
                g.add((node, prop, value))
        org = pkg.get("organization") or {}
        if org:
            g.add((node, DCTERMS.publisher, self._agent(self.organization_iri(org), org["title"], org.get("title_en") or "")))
        g.add((node, DCAT.contactPoint, self._contact(pkg)))
        for tag in pkg.get("tags") or []:
            g.add((node, DCAT.keyword, Literal(tag["name"], lang="ja")))
        for grp in pkg.get("groups") or []:
            g.add((node, DCAT.theme, self._concept(grp["name"], grp.get("title") or "")))
        license_iri = _iri(pkg.get("license_url") or "")
        if license_iri is not None:
            g.add((license_iri, RDF.type, DCTERMS.LicenseDocument))
            g.add((license_iri, RDFS.label, Literal(pkg.get("license_title") or pkg["license_id"], lang="ja")))
        if pkg.get("attribution"):
            g.add((node, DCTERMS.rights, Literal(pkg["attribution"], lang="ja")))
        freq = FREQUENCIES.get(pkg.get("update_frequency") or "")
        if freq:
            g.add((node, DCTERMS.accrualPeriodicity, EU_FREQ[freq]))
        if pkg.get("spatial"):
            place = BNode()
            g.add((place, RDF.type, DCTERMS.Location))
            g.add((place, SKOS.prefLabel, Literal(pkg["spatial"], lang="ja")))
            g.add((node, DCTERMS.spatial, place))
        start, end = _day(pkg.get("temporal_start")), _day(pkg.get("temporal_end"))
        if start is not None or end is not None:
            period = BNode()
            g.add((period, RDF.type, DCTERMS.PeriodOfTime))
            if start is not None:
                g.add((period, DCAT.startDate, start))
            if end is not None:
                g.add((period, DCAT.endDate, end))
            g.add((node, DCTERMS.temporal, period))
        if pkg.get("version"):
            g.add((node, OWL.versionInfo, Literal(pkg["version"])))
        if pkg.get("author"):
            creator = BNode()
            self._agent_literal(creator, pkg["author"])
            g.add((node, DCTERMS.creator, creator))
        source_url = _iri(pkg.get("url") or "")
        if source_url is not None:
            g.add((node, DCTERMS.source, source_url))
        g.add((node, DCTERMS.language, EU_LANG.JPN))
        for res in pkg.get("resources") or []:
            for dist in self.distributions(pkg, res, license_iri):
                g.add((node, DCAT.distribution, dist))
        return node

    def _agent_literal(self, node: BNode, name: str) -> None:
        self.g.add((node, RDF.type, FOAF.Agent))
        self.g.add((node, FOAF.name, Literal(name, lang="ja")))

    def distributions(self, pkg: dict, res: dict, license_iri) -> list[URIRef]:
        """The resource as a distribution, plus a CSV one for a datastore table in another format."""
        page = f"{self.dataset_page(pkg)}resource/{res['id']}/"
        out = [self._distribution(URIRef(page + "#distribution"), page, res, res.get("url") or "", res.get("format") or "", license_iri)]
        if res.get("datastore_active") and (res.get("format") or "").upper() != "CSV":
            dump = source.csv_dump_url(self.base, res["id"])
            csv = {**res, "name": f"{res.get('name') or ''}（CSV）", "size": None, "hash": "", "mimetype": "text/csv"}
            out.append(self._distribution(URIRef(page + "#csv"), page, csv, dump, "CSV", license_iri))
        return out

    def _distribution(self, node: URIRef, page: str, res: dict, url: str, fmt: str, license_iri) -> URIRef:
        g = self.g
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.identifier, Literal(res["id"])))
        g.add((node, DCTERMS.title, Literal(res.get("name") or fmt or res["id"], lang="ja")))
        if res.get("description"):
            g.add((node, DCTERMS.description, Literal(res["description"], lang="ja")))
        g.add((node, DCAT.accessURL, URIRef(page)))
        download = _iri(url)
        if download is not None:
            g.add((node, DCAT.downloadURL, download))
        fmt = fmt.upper()
        eu_code = FORMATS.get(fmt, (None, None))[0]
        media = media_type(res, fmt)
        if eu_code:
            g.add((node, DCTERMS["format"], EU_FILE[eu_code]))
        elif fmt:
            g.add((node, DCTERMS["format"], Literal(fmt)))
        if media and "/" in media and " " not in media:
            g.add((node, DCAT.mediaType, URIRef(IANA + media.split(";")[0].strip())))
        if license_iri is not None:
            g.add((node, DCTERMS.license, license_iri))
        if res.get("size"):
            g.add((node, DCAT.byteSize, Literal(int(res["size"]), datatype=XSD.nonNegativeInteger)))
        issued, modified = _when(res.get("created")), _when(res.get("last_modified"))
        if issued is not None:
            g.add((node, DCTERMS.issued, issued))
        if modified is not None:
            g.add((node, DCTERMS.modified, modified))
        return node


def catalog_graph(packages: list[dict] | None = None) -> Graph:
    builder = Builder()
    builder.catalog(source.public_package_dicts() if packages is None else packages)
    return builder.g


def dataset_graph(pkg: dict) -> Graph:
    builder = Builder()
    node = builder.dataset(pkg)
    builder.g.add((node, DCTERMS.isPartOf, builder.catalog_iri()))
    return builder.g


JSONLD_CONTEXT = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def serialize(graph: Graph, suffix: str) -> bytes:
    fmt, _ctype = SERIALIZATIONS[suffix]
    if fmt == "json-ld":
        return graph.serialize(format=fmt, context=JSONLD_CONTEXT, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")
