"""Exit 0 when HOST:PORT can be bound the way the dashboard's server binds it, else 1 (start.sh asks first).

Tornado (Streamlit's server) sets SO_REUSEADDR, so a port with only TIME-WAIT connections left from a stopped
dashboard and an open browser tab is free to it; without the option this probe would call it taken for a minute.
Standard library only: it runs before the packages are installed.
"""

from __future__ import annotations

import socket
import sys


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
            s.listen(1)
        except OSError:
            return False
    return True


if __name__ == "__main__":
    sys.exit(0 if port_free(sys.argv[1], int(sys.argv[2])) else 1)
