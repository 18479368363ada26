from labourchain._entry import run

run()
