"""The statistics core of Crossroads.

Pure Python and NumPy/SciPy; it never imports Django (an import contract
checks this), so the web application, the command line, notebooks and list
holders outside the network all share the same code. Public surfaces:

* :mod:`crossroads.stats.linkage` - normalised identities and keyed linkage tokens.
* :mod:`crossroads.stats.mse` - Multiple Systems Estimation of the hidden number of victims.
* :mod:`crossroads.stats.disclosure` - cell suppression, rounding and audits of exchanged tables.
"""
