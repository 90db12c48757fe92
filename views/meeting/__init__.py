"""Made for the meeting: named snapshots, "nytt sedan förra mötet", downloads, slides and handouts."""
