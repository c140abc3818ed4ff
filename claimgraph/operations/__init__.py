"""Operations: what the command line and a server both do with a store.

Each module holds the functions of one operation, with its options as a
dataclass; the command line only parses, calls one of them and prints.

- :mod:`~claimgraph.operations.stores`: :class:`StoreSettings`, a store by name and its options;
- :mod:`~claimgraph.operations.ingest`: read sources into a store (:class:`IngestOptions`);
- :mod:`~claimgraph.operations.copy`: copy a graph between stores;
- :mod:`~claimgraph.operations.export`: write the graph or a query's subgraph as files;
- :mod:`~claimgraph.operations.rdf`: import and export RDF.

The modules are imported when used, so that a command pays only for its own.
"""
