"""相互運用 / Interoperability: DCAT RDF, data.json, Data Packages, CKAN harvesting and feeds."""
