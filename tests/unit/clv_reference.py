#!/usr/bin/env python3
# Independent reference values for the unit tests of the CLV models.
#
# Written from the published formulas (Fader, Hardie & Lee 2005 for
# BG/NBD, FHL's 2005 Pareto/NBD note, Fader & Hardie 2013 for Gamma-Gamma)
# with mpmath at 40 significant digits: its hyp2f1 is an independent
# implementation, and nothing here uses the Euler transformation or the
# grouping of lib/.  Run once:  python3 tests/unit/clv_reference.py
# (needs mpmath); the printed numbers are pasted into test_specfun.c, test_bgnbd.c,
# test_gammagamma.c and test_paretonbd.c.  The Pareto/NBD likelihood is
# also integrated numerically (slow: about five minutes).
from mpmath import mp, mpf, hyp2f1, loggamma, log, exp, beta, gamma, quad, inf

mp.dps = 40

def bg_ll(r, al, a, b, x, tx, T):
    A1 = loggamma(r + x) - loggamma(r) + r * log(al)
    A2 = log(beta(a, b + x)) - log(beta(a, b))
    s = (al + T) ** (-(r + x))
    if x > 0:
        s += a / (b + x - 1) * (al + tx) ** (-(r + x))
    return A1 + A2 + log(s)

def bg_palive(r, al, a, b, x, tx, T):
    if x == 0:
        return mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))

def bg_expected(r, al, a, b, x, tx, T, t):
    z = t / (al + T + t)
    f = hyp2f1(r + x, b + x, a + b + x - 1, z)
    e = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x) * f)
    return e * bg_palive(r, al, a, b, x, tx, T)

def bg_pmf(r, al, a, b, n, t):
    q = al / (al + t)
    p1 = beta(a, b + n) / beta(a, b) * gamma(r + n) / (gamma(r) * mp.factorial(n)) * q ** r * (t / (al + t)) ** n
    if n == 0:
        return p1
    s = sum(gamma(r + j) / (gamma(r) * mp.factorial(j)) * (t / (al + t)) ** j for j in range(n))
    return p1 + beta(a + 1, b + n - 1) / beta(a, b) * (1 - q ** r * s)

def gg_ll(p, q, g, x, m):
    return (loggamma(p * x + q) - loggamma(p * x) - loggamma(q) + q * log(g)
            + (p * x - 1) * log(m) + p * x * log(x) - (p * x + q) * log(g + m * x))

def pn_ll_integral(r, al, s, be, x, tx, T):
    # The Pareto/NBD likelihood by direct numerical integration over
    # lambda and mu of L(lambda, mu) g(lambda) g(mu): independent of the
    # 2F1 closed form.
    def Lcond(lam, mu):
        return (lam ** x * mu / (lam + mu) * exp(-(lam + mu) * tx)
                + lam ** (x + 1) / (lam + mu) * exp(-(lam + mu) * T))
    gl = lambda lam: al ** r * lam ** (r - 1) * exp(-al * lam) / gamma(r)
    gm = lambda mu: be ** s * mu ** (s - 1) * exp(-be * mu) / gamma(s)
    return log(quad(lambda lam, mu: Lcond(lam, mu) * gl(lam) * gm(mu), [0, 1, inf], [0, 1, inf]))

def pn_ll(r, al, s, be, x, tx, T):
    if al >= be:
        a1, a2, z = al, be, s + 1
    else:
        a1, a2, z = be, al, r + x
    F = lambda y: hyp2f1(r + s + x, z, r + s + x + 1, (a1 - a2) / (a1 + y)) / (a1 + y) ** (r + s + x)
    A0 = F(tx) - F(T)
    return (loggamma(r + x) - loggamma(r) + r * log(al) + s * log(be)
            + log(1 / ((al + T) ** (r + x) * (be + T) ** s) + s / (r + s + x) * A0))

def pn_palive(r, al, s, be, x, tx, T):
    if al >= be:
        a1, a2, z = al, be, s + 1
    else:
        a1, a2, z = be, al, r + x
    F = lambda y: hyp2f1(r + s + x, z, r + s + x + 1, (a1 - a2) / (a1 + y)) / (a1 + y) ** (r + s + x)
    A0 = F(tx) - F(T)
    return 1 / (1 + s / (r + s + x) * (al + T) ** (r + x) * (be + T) ** s * A0)

def pn_expected(r, al, s, be, x, tx, T, t):
    return ((r + x) * (be + T) / ((al + T) * (s - 1)) * (1 - ((be + T) / (be + T + t)) ** (s - 1))
            * pn_palive(r, al, s, be, x, tx, T))

def show(label, v):
    label = label.replace("mpf(", "").replace(")", "").replace("'", "")
    print("%-50s %s" % (label, mp.nstr(v, 17)))

H = [(1.5, 2.5, 4.2, 0.3), (0.5, 0.7, 1.9, 0.95), (1, 1, 2, 0.9),
     (0.3, 1.2, 2.5, 0.99), (0.3, 1.2, 2.50001, 0.999), (1.2, 0.8, 2.3, -3),
     (2.2, 0.7, 5.1, 0.85), (-0.2, 1.5, 3.7, 0.999999), (0.02, -0.2, 203.2, 0.97)]
for h in H:
    show("hyp2f1%s" % (h,), hyp2f1(*h))

P1 = (mpf('0.243'), mpf('4.414'), mpf('0.793'), mpf('2.426'))
P2 = (mpf('1.5'), mpf(10), mpf('2.5'), mpf(4))
C = [(0, 0, mpf('38.86')), (2, mpf('30.43'), mpf('38.86')), (5, 20, 20),
     (200, 150, 160), (1, mpf('0.5'), 100)]
for pi, P in enumerate((P1, P2)):
    for c in C:
        show("P%d bg_ll%s" % (pi + 1, c), bg_ll(*P, *c))
        show("P%d bg_palive%s" % (pi + 1, c), bg_palive(*P, *c))
        for t in (mpf('0.5'), 39, 1000):
            show("P%d bg_expected%s t=%s" % (pi + 1, c, t), bg_expected(*P, *c, t))
    for n in (0, 1, 7):
        show("P%d bg_pmf n=%d t=39" % (pi + 1, n), bg_pmf(*P, n, 39))

for (x, m) in ((1, mpf('11.77')), (7, mpf('73.74')), (50, mpf('2.5'))):
    show("gg_ll x=%d m=%s" % (x, m), gg_ll(mpf('6.25'), mpf('3.74'), mpf('15.44'), x, m))

Q1 = (mpf('0.55'), mpf('10.58'), mpf('0.61'), mpf('11.67'))   # alpha >= beta
Q2 = (mpf('0.55'), mpf('10.58'), mpf('0.61'), mpf('20.5'))    # alpha < beta
for qi, Q in enumerate((Q1, Q2)):
    for c in ((0, 0, mpf('38.86')), (2, mpf('30.43'), mpf('38.86')), (5, 20, 20)):
        show("Q%d pn_ll%s" % (qi + 1, c), pn_ll(*Q, *c))
        show("Q%d pn_ll_integral%s" % (qi + 1, c), pn_ll_integral(*Q, *c))
        show("Q%d pn_palive%s" % (qi + 1, c), pn_palive(*Q, *c))
        show("Q%d pn_expected%s t=39" % (qi + 1, c), pn_expected(*Q, *c, 39))

# Extreme ratios of alpha and beta (z = |alpha - beta| / (alpha + y) close
# to 1), small t_x with large T, and large x.
Q3 = (mpf('0.55'), mpf('10.58'), mpf('0.61'), mpf('0.05'))
Q4 = (mpf('0.55'), mpf('0.02'), mpf('0.61'), mpf('11.67'))
for qi, Q in enumerate((Q3, Q4)):
    for c in ((0, 0, mpf('38.86')), (3, mpf('0.5'), 60), (150, 100, 110)):
        show("Q%d pn_ll%s" % (qi + 3, c), pn_ll(*Q, *c))
        show("Q%d pn_palive%s" % (qi + 3, c), pn_palive(*Q, *c))
        show("Q%d pn_expected%s t=39" % (qi + 3, c), pn_expected(*Q, *c, 39))
