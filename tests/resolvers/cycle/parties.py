"""The seeded bodies of the Norwegian cycle the tests act as."""

HMN, HN = "org:helse-midt-norge-rhf", "org:helse-nord-rhf"
HDIR, HOD = "org:helsedirektoratet", "org:hod"
RHAS = ("org:helse-sor-ost-rhf", "org:helse-vest-rhf", HMN, HN)
