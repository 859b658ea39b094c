#!/usr/bin/env python3
"""Write an NMEA log for gpsfake: each argument LAT,LON[,N] is a position
held for N sentences (default 1), one second apart from now (UTC), as a
GPS receiver reports it (RMC and GGA, 8 satellites, HDOP 0.9)."""
import sys
import time


def cs(body):
    c = 0
    for ch in body:
        c ^= ord(ch)
    return "$%s*%02X\r\n" % (body, c)


def dm(v, lat):
    h = ("N" if v >= 0 else "S") if lat else ("E" if v >= 0 else "W")
    v = abs(v)
    d = int(v)
    m = (v - d) * 60
    return ("%02d%07.4f" if lat else "%03d%07.4f") % (d, m), h


def main():
    out = open(sys.argv[1], "w", newline="")
    t = int(time.time())
    for arg in sys.argv[2:]:
        p = arg.split(",")
        lat, lon = float(p[0]), float(p[1])
        n = int(p[2]) if len(p) > 2 else 1
        for _ in range(n):
            g = time.gmtime(t)
            hms = time.strftime("%H%M%S", g) + ".00"
            ymd = time.strftime("%d%m%y", g)
            la, lh = dm(lat, True)
            lo, oh = dm(lon, False)
            out.write(cs("GPRMC,%s,A,%s,%s,%s,%s,0.0,0.0,%s,,,A" %
                         (hms, la, lh, lo, oh, ymd)))
            out.write(cs("GPGGA,%s,%s,%s,%s,%s,1,08,0.9,50.0,M,0.0,M,,"
                         % (hms, la, lh, lo, oh)))
            t += 1
    out.close()


main()
