"""Published datasets and the reference values the analytics tests compare with.

Every expected value carries its source next to it. Datasets are the classic public ones, typed
from their publications or copied from R's ``datasets`` package (r-source, src/library/datasets/data,
as shipped with R); R output quoted from R's own example transcripts is from
``tests/Examples/stats-Ex.Rout.save`` / ``datasets-Ex.Rout.save`` of the R sources (github wch/r-source).
"""

import math

import pytest

# --- Regression ------------------------------------------------------------------------------------

# NIST StRD linear regression dataset "Longley" (Longley 1967, JASA 62, 819-841), NIST units:
# https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml (also statsmodels/datasets/longley).
# y = TOTEMP; R's datasets::longley is the same data with GNP, POP and TOTEMP divided by 1000 and
# UNEMP, ARMED divided by 10.
# fmt: off
LONGLEY = {
    "TOTEMP": [
        60323, 61122, 60171, 61187, 63221, 63639, 64989, 63761, 66019, 67857, 68169, 66513, 68655,
        69564, 69331, 70551,
    ],
    "GNPDEFL": [
        83, 88.5, 88.2, 89.5, 96.2, 98.1, 99, 100, 101.2, 104.6, 108.4, 110.8, 112.6, 114.2, 115.7,
        116.9,
    ],
    "GNP": [
        234289, 259426, 258054, 284599, 328975, 346999, 365385, 363112, 397469, 419180, 442769,
        444546, 482704, 502601, 518173, 554894,
    ],
    "UNEMP": [
        2356, 2325, 3682, 3351, 2099, 1932, 1870, 3578, 2904, 2822, 2936, 4681, 3813, 3931, 4806,
        4007,
    ],
    "ARMED": [
        1590, 1456, 1616, 1650, 3099, 3594, 3547, 3350, 3048, 2857, 2798, 2637, 2552, 2514, 2572,
        2827,
    ],
    "POP": [
        107608, 108632, 109773, 110929, 112075, 113270, 115094, 116219, 117388, 118734, 120445,
        121950, 123366, 125368, 127852, 130081,
    ],
    "YEAR": [
        1947, 1948, 1949, 1950, 1951, 1952, 1953, 1954, 1955, 1956, 1957, 1958, 1959, 1960, 1961,
        1962,
    ],
}
# fmt: on

# NIST certified values for y ~ all six predictors (Longley.shtml, "Certified Regression Statistics").
LONGLEY_CERTIFIED = {
    "B": {
        "const": -3482258.63459582,
        "GNPDEFL": 15.0618722713733,
        "GNP": -0.358191792925910e-01,
        "UNEMP": -2.02022980381683,
        "ARMED": -1.03322686717359,
        "POP": -0.511041056535807e-01,
        "YEAR": 1829.15146461355,
    },
    "SE": {
        "const": 890420.383607373,
        "GNPDEFL": 84.9149257747669,
        "GNP": 0.334910077722432e-01,
        "UNEMP": 0.488399681651699,
        "ARMED": 0.214274163161675,
        "POP": 0.226073200069370,
        "YEAR": 455.478499142212,
    },
    "residual_sd": 304.854073561965,
    "r2": 0.995479004577296,
    "f": 330.285339234588,  # certified ANOVA table: regression MS / residual MS
}

# R 3.x output on datasets::longley, printed in J. Blumenthal, "Tutorial 4 - Regression" (MIE 1402,
# slidify deck stored in the public GitHub corpus, index file id 20094499448):
#   summary(lm(Employed ~ GNP)): (Intercept) 51.843590 (SE 0.681372), GNP 0.034752 (SE 0.001706),
#   Multiple R-squared 0.9674, Adjusted 0.965, F 415.1 on 1 and 14 DF, p 8.363e-12.
#   anova(lm.1, lm.2) (adding the other five predictors): F = 11.19, Pr(>F) = 0.001186, RSS 6.0361 / 0.8364.
#   QuantPsyc::lm.beta(lm.2) (standardized coefficients, B * sd(x) / sd(y), as SPSS's Beta).
#   cor(longley): r(GNP, Employed) = 0.9835516.
# In NIST units the slope and its SE are unchanged and the intercept and its SE are 1000 times larger.
LONGLEY_R_STEP1 = {
    "B_const": 51843.590,
    "SE_const": 681.372,
    "B_GNP": 0.034752,
    "SE_GNP": 0.001706,
    "r2": 0.9674,
    "adj_r2": 0.965,
    "f": 415.1,
    "p": 8.363e-12,
    "r_gnp_employed": 0.9835516,
}
LONGLEY_R_F_CHANGE = {"f": 11.19, "p": 0.001186}
LONGLEY_R_BETA = {
    "GNPDEFL": 0.04628202,
    "GNP": -1.01374635,
    "UNEMP": -0.53754258,
    "ARMED": -0.20474069,
    "POP": -0.10122111,
    "YEAR": 2.47966438,
}

# --- ICC ---------------------------------------------------------------------------------------------

# Shrout & Fleiss (1979), Psychological Bulletin 86, 420-428, Table 2: 6 targets rated by 4 judges
# (also the example of psych::ICC, cran/psych man/ICC.Rd). Rows are targets, columns judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]
# Shrout & Fleiss (1979), worked example on these data: BMS = 11.24, WMS = 6.26; ICC(1,1) = .17,
# ICC(1,4) = .44, ICC(3,4) = .91. DescTools::ICC(ratings) in dwoll/RExRepos md/interRaterICC.md (R output):
# ICC1 0.166, F 1.79 (df 5, 18), p 0.164769, ICC1k 0.443, ICC3k 0.909. psych::ICC in the same
# post's earlier version (stored copy, index id 15769908504): ICC3k 0.91 with lower bound 0.676 and
# upper bound 0.99 (psych's ICC3k interval is the Feldt interval of Cronbach's alpha).
SHROUT_FLEISS_PUBLISHED = {"msb": 11.24, "msw": 6.26, "icc1": 0.17, "icc2": 0.44, "alpha": 0.91}
SHROUT_FLEISS_R = {
    "icc1": 0.166,
    "icc2": 0.443,
    "f": 1.79,
    "p": 0.164769,
    "alpha": 0.909,
    "alpha_ci_low": 0.676,
    "alpha_ci_high": 0.99,
}

# NIST StRD one-way ANOVA dataset "SiRstv" (resistance of silicon wafers, 5 instruments x 5):
# https://www.itl.nist.gov/div898/strd/anova/SiRstv.html; data as in negassi/SDSUWorkshop2020
# SiRstv.dat. Certified: between-instrument MS 1.27865654000000E-02 (df 4), within MS
# 1.08318280000000E-02 (df 20), F 1.18046237440255.
SIRSTV = {
    1: [196.3052, 196.1240, 196.1890, 196.2569, 196.3403],
    2: [196.3042, 196.3825, 196.1669, 196.3257, 196.0422],
    3: [196.1303, 196.2005, 196.2889, 196.0343, 196.1811],
    4: [196.2795, 196.1748, 196.1494, 196.1485, 195.9885],
    5: [196.2119, 196.1051, 196.1850, 196.0052, 196.2090],
}
SIRSTV_CERTIFIED = {"msb": 1.27865654000000e-02, "msw": 1.08318280000000e-02, "f": 1.18046237440255}

# --- rwg(j) ------------------------------------------------------------------------------------------

# R output of multilevel::rwg.j (Bliese; James, Demaree & Wolf 1984), printed with options(digits = 15)
# by R 4.2.2 with Debian's r-cran-multilevel 2.7-1, and by the rwg.j function of multilevel 2.8 (file
# R/multilevel.R of github cran/multilevel, tag "version 2.8", sourced into the same R session).
# 2.7 (Debian's, leerscan's default rule) drops every row with a missing answer (na.exclude) before
# splitting into groups; 2.8 (CRAN) added ``listwise = FALSE`` as its default, which takes each item's
# variance over the members who answered it (leerscan's ``missing="per_item"``). Values are printed
# to 15 significant digits. tests/analytics/test_rwg_r.py compares with the installed multilevel live.
#
# 1. The Shrout & Fleiss (1979) ratings above, with the 4 judges as the raters of one group and the 6
#    targets as the items, on a 10-point scale (ranvar = (10^2 - 1) / 12 = 8.25):
#    rwg.j(t(sf), rep(1, 4), ranvar = 99/12) -> 0.65546218487395 (gsize 4). By hand: the targets'
#    variances over the judges are 30/3, 14/3, 11/3, 26/3, 17/3 and 14.75/3, so S = 451/72 and
#    S / ranvar = 41/54; rwg(j) = 6 (13/54) / (6 (13/54) + 41/54) = 78/119.
RWG_SHROUT_FLEISS_R = 0.65546218487395
#
# 2. Four teams answering four 5-point items (typed here; NA = no answer). Team C disagrees so much
#    that its mean variance (3.958) exceeds ranvar = 2 and is truncated (rwg(j) = 0); team D has one
#    member (NA in R).
RWG_TEAMS = {
    "team": ["A"] * 5 + ["B"] * 4 + ["C"] * 4 + ["D"],
    "q1": [4, 4, 5, 3, 4, 2, 3, None, 2, 1, 5, 1, 5, 3],
    "q2": [4, 5, 5, 4, 4, 2, 2, 3, 3, 5, 1, 4, 2, 4],
    "q3": [3, 4, 4, 4, 5, None, 3, 3, 2, 2, 5, 1, 5, None],
    "q4": [4, 4, 5, 4, 4, 3, 3, 2, None, 3, 1, 5, 2, 2],
}
# multilevel 2.8 rwg.j(x, team, ranvar = 2), listwise = FALSE (rwg.j, gsize); None = NA:
RWG_TEAMS_R_PAIRWISE_5 = {
    "A": (0.945454545454545, 5),
    "B": (0.952380952380952, 4),
    "C": (0.0, 4),
    "D": (None, 1),
}
# the same with ranvar = 4 (a 7-point scale: (7^2 - 1) / 12):
RWG_TEAMS_R_PAIRWISE_7 = {
    "A": (0.9747899159663865, 5),
    "B": (0.9777777777777777, 4),
    "C": (0.0404040404040407, 4),
    "D": (None, 1),
}
# multilevel 2.7-1 (Debian) rwg.j(x, team, ranvar = 2), complete rows only: team B keeps one member
# (NA), team D drops out:
RWG_TEAMS_R_LISTWISE_5 = {"A": (0.945454545454545, 5), "B": (None, 1), "C": (0.0, 4)}
# By hand (ddof = 1 variances): A: item variances 1/2, 3/10, 1/2, 1/5 -> S = 3/8, S/2 = 3/16,
# rwg(j) = 4 (13/16) / (4 (13/16) + 3/16) = 52/55; with ranvar 4: 116/119. B: every item 1/3 ->
# S/2 = 1/6, 20/21; with ranvar 4: 44/45. C: S = 95/24 -> 0 (truncated); with ranvar 4: S/4 = 95/96,
# 4 (1/96) / (4 (1/96) + 95/96) = 4/99.

# R datasets::chickwts (Anonymous 1948, Biometrika 35, 214), unbalanced: 71 chicks on 6 feeds.
# R's own example output (datasets-Ex.Rout.save, ?chickwts): anova(lm(weight ~ feed)):
# feed Df 5, Sum Sq 231129, Mean Sq 46226; Residuals Df 65, Sum Sq 195556, Mean Sq 3009;
# F 15.365, p 5.936e-10.
# fmt: off
CHICKWTS_WEIGHT = [
    179, 160, 136, 227, 217, 168, 108, 124, 143, 140, 309, 229, 181, 141, 260, 203, 148, 169, 213,
    257, 244, 271, 243, 230, 248, 327, 329, 250, 193, 271, 316, 267, 199, 171, 158, 248, 423, 340,
    392, 339, 341, 226, 320, 295, 334, 322, 297, 318, 325, 257, 303, 315, 380, 153, 263, 242, 206,
    344, 258, 368, 390, 379, 260, 404, 318, 352, 359, 216, 222, 283, 332,
]
# fmt: on
CHICKWTS_FEED = (
    ["horsebean"] * 10
    + ["linseed"] * 12
    + ["soybean"] * 14
    + ["sunflower"] * 12
    + ["meatmeal"] * 11
    + ["casein"] * 12
)
CHICKWTS_R = {"ssb": 231129, "ssw": 195556, "msb": 46226, "msw": 3009, "f": 15.365, "p": 5.936e-10}

# --- Cronbach's alpha --------------------------------------------------------------------------------

# Denis, D. J. (2021). Applied Univariate, Bivariate, and Multivariate Statistics, 2nd ed. (Wiley),
# SPSS RELIABILITY example (read from a stored web copy of the book, librs.net/lread_928329_p36):
# 10 respondents x 5 items. SPSS output printed there: Cronbach's alpha
# 0.633, alpha based on standardized items 0.691, item means 7.3, 8.8, 9.1, 9.4, 7.0, item SDs
# 2.71006, 5.05085, 4.74810, 2.71621, 3.80058; Item_1 corrected item-total correlation 0.712,
# scale mean if Item_1 deleted 34.3000, scale variance if Item_1 deleted 108.900.
DENIS_ITEMS = {
    "Item_1": [10, 12, 8, 6, 4, 6, 3, 7, 8, 9],
    "Item_2": [12, 18, 16, 8, 7, 6, 4, 3, 9, 5],
    "Item_3": [15, 12, 14, 16, 8, 3, 6, 7, 4, 6],
    "Item_4": [11, 12, 14, 8, 7, 7, 5, 9, 10, 11],
    "Item_5": [12, 1, 4, 6, 5, 3, 8, 9, 10, 12],
}
DENIS_SPSS = {
    "alpha": 0.633,
    "alpha_standardized": 0.691,
    "item1_corrected_item_total": 0.712,
    "item_sd": [2.71006, 5.05085, 4.74810, 2.71621, 3.80058],
    "item1_scale_var_deleted": 108.900,
}

# R outputs on mtcars: performance::cronbachs_alpha(mtcars[, c("cyl", "gear", "carb", "hp")])
# = 0.09463206 (easystats/performance tests/testthat/test-cronbachs_alpha.R), and
# COINr's cronbach_alpha(mtcars[, 1:4]) = 0.5015205 (its documented example, covariance-based).
MTCARS_ALPHA_CYL_GEAR_CARB_HP = 0.09463206
MTCARS_ALPHA_FIRST_FOUR = 0.5015205

# --- McDonald's omega (one-factor ML CFA on the covariance matrix, lavaan) ---------------------------

# easystats/performance tests/testthat/test-mcdonalds_omega.R (lavaan CFA as MBESS::ci.reliability):
# mcdonalds_omega(iris[1:4]) = 0.984746012592052; mcdonalds_omega(mtcars[, c("cyl", "gear",
# "carb", "hp")]) = 1.156718 (both improper / Heywood solutions). Its development version of
# R/mcdonalds_omega.R quotes est = 0.8274243 for lavaan's omega of attitude[, -1].
OMEGA_IRIS = 0.984746012592052
OMEGA_MTCARS_CYL_GEAR_CARB_HP = 1.156718
OMEGA_ATTITUDE = 0.8274243


# --- Comparisons ---------------------------------------------------------------------------------

# R datasets::sleep (Cushny & Peebles 1905; Student 1908): extra sleep on drug 1 and drug 2, same
# 10 patients. R example outputs (stats-Ex.Rout.save): t.test(extra.1, extra.2, paired = TRUE):
# t = -4.0621, df = 9, p = 0.002833, CI -2.4598858 -0.7001142, mean difference -1.58;
# oneway.test(extra ~ group) (Welch): F = 3.4626 (= t^2), denom df 17.776, p 0.07939
# (t.test(extra ~ group): t = -1.8608, CI -3.3654832 0.2054832); equal variances: p 0.07919.
# wilcox.test(extra1, extra2, paired = TRUE): V = 0, p = 0.009091 (ties and a zero: normal with
# continuity correction) and wilcox.test(extra ~ group): W = 25.5, p = 0.06933, as printed in public
# R tutorials (stored copies, index ids 15183234699, 62405576980).
SLEEP_DRUG1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_DRUG2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# R ?wilcox.test (Hollander & Wolfe 1973, p. 29f), stats-Ex.Rout.save:
# wilcox.test(Pair(first, second) ~ 1): V = 40, p-value = 0.03906 (exact);
# wilcox.test(x, y, paired = TRUE, alternative = "greater"): V = 40, p = 0.01953.
DEPRESSION_FIRST = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_SECOND = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
# wilcox.test(4:2, 3:1, paired = TRUE): V = 6, p = 0.1489 (ties: normal with continuity correction).

# R ?wilcox.test two-sample (Hollander & Wolfe 1973, p. 69f): wilcox.test(x, y, alternative = "g"):
# W = 35, p = 0.1272 (exact). The exact null distribution is symmetric, so two-sided p = 2 * 0.1272.
PERMEABILITY_TERM = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
PERMEABILITY_EARLY = [1.15, 0.88, 0.90, 0.74, 1.21]

# R ?wilcox.test: wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8)):
# W = 127.5, p-value = 0.0001208 (ties: normal with continuity correction). datasets::airquality
# (Chambers et al. 1983), daily ozone (ppb) in May and August 1973; None = missing.
# fmt: off
OZONE_MONTH_5 = [
    41, 36, 12, 18, None, 28, 23, 19, 8, None, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32,
    None, None, None, 23, 45, 115, 37,
]
# fmt: on
# fmt: off
OZONE_MONTH_8 = [
    39, 9, 16, 78, 35, 66, 122, 89, 110, None, None, 44, 28, 65, None, 22, 59, 23, 31, 44, 21, 9,
    None, 45, 168, 73, None, 76, 118, 84, 85,
]
# fmt: on

# R ?t.test (stats-Ex.Rout.save): t.test(1:10, y = c(7:20)): t = -5.4349, df = 21.982,
# p-value = 1.855e-05, CI -11.052802 -4.947198.

# Lakens (2013), Frontiers in Psychology 4:863, Table 1 (movie ratings of 10 people): Cohen's d_s
# 1.13, Hedges' g_s 1.08 (J = 1 - 3/(4(n1 + n2) - 9)), t(18) = 2.52; as paired data t(9) = 4.74,
# Cohen's d_z 1.50.
LAKENS_MOVIE_1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9]
LAKENS_MOVIE_2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]

# --- Spearman ---------------------------------------------------------------------------------------

# R ?cor.test, Hollander & Wolfe (1973) tuna data (stats-Ex.Rout.save):
# cor.test(x, y, method = "spearm", alternative = "g"): S = 48, rho = 0.6 (no ties).
TUNA_X = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
TUNA_Y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]
# R reg-tests-2.Rout.save: cor.test(c(1, 2, 3, 4, 5), c(8, 6, 7, 5, 3), method = "spearman",
# exact = FALSE): rho = -0.9, p-value = 0.03739 (the t approximation).
# cor.test(mtcars$wt, mtcars$mpg, method = "spearman") (ties): rho = -0.886422, S = 10292,
# p-value = 1.488e-11 (R output reproduced in many tutorials, e.g. STHDA; stored copies index ids
# 37816536233, 522430096). cor.test(iris$Petal.Length, iris$Petal.Width, method = "spearman"):
# rho = 0.9376668 (stored copy, index id 38757810721).
MTCARS_SPEARMAN_WT_MPG = {"rho": -0.886422, "p": 1.488e-11}
IRIS_SPEARMAN_PETALS = 0.9376668

# --- Datasets from R's datasets package ------------------------------------------------------------

# iris: Anderson (1935) / Fisher (1936); mtcars: Henderson & Velleman (1981), 32 cars;
# attitude: Chatterjee & Price (1977), 30 departments (rating column left out, as attitude[, -1]).
# fmt: off
IRIS = {
    "Sepal.Length": [
        5.1, 4.9, 4.7, 4.6, 5, 5.4, 4.6, 5, 4.4, 4.9, 5.4, 4.8, 4.8, 4.3, 5.8, 5.7, 5.4, 5.1, 5.7,
        5.1, 5.4, 5.1, 4.6, 5.1, 4.8, 5, 5, 5.2, 5.2, 4.7, 4.8, 5.4, 5.2, 5.5, 4.9, 5, 5.5, 4.9,
        4.4, 5.1, 5, 4.5, 4.4, 5, 5.1, 4.8, 5.1, 4.6, 5.3, 5, 7, 6.4, 6.9, 5.5, 6.5, 5.7, 6.3, 4.9,
        6.6, 5.2, 5, 5.9, 6, 6.1, 5.6, 6.7, 5.6, 5.8, 6.2, 5.6, 5.9, 6.1, 6.3, 6.1, 6.4, 6.6, 6.8,
        6.7, 6, 5.7, 5.5, 5.5, 5.8, 6, 5.4, 6, 6.7, 6.3, 5.6, 5.5, 5.5, 6.1, 5.8, 5, 5.6, 5.7, 5.7,
        6.2, 5.1, 5.7, 6.3, 5.8, 7.1, 6.3, 6.5, 7.6, 4.9, 7.3, 6.7, 7.2, 6.5, 6.4, 6.8, 5.7, 5.8,
        6.4, 6.5, 7.7, 7.7, 6, 6.9, 5.6, 7.7, 6.3, 6.7, 7.2, 6.2, 6.1, 6.4, 7.2, 7.4, 7.9, 6.4, 6.3,
        6.1, 7.7, 6.3, 6.4, 6, 6.9, 6.7, 6.9, 5.8, 6.8, 6.7, 6.7, 6.3, 6.5, 6.2, 5.9,
    ],
    "Sepal.Width": [
        3.5, 3, 3.2, 3.1, 3.6, 3.9, 3.4, 3.4, 2.9, 3.1, 3.7, 3.4, 3, 3, 4, 4.4, 3.9, 3.5, 3.8, 3.8,
        3.4, 3.7, 3.6, 3.3, 3.4, 3, 3.4, 3.5, 3.4, 3.2, 3.1, 3.4, 4.1, 4.2, 3.1, 3.2, 3.5, 3.6, 3,
        3.4, 3.5, 2.3, 3.2, 3.5, 3.8, 3, 3.8, 3.2, 3.7, 3.3, 3.2, 3.2, 3.1, 2.3, 2.8, 2.8, 3.3, 2.4,
        2.9, 2.7, 2, 3, 2.2, 2.9, 2.9, 3.1, 3, 2.7, 2.2, 2.5, 3.2, 2.8, 2.5, 2.8, 2.9, 3, 2.8, 3,
        2.9, 2.6, 2.4, 2.4, 2.7, 2.7, 3, 3.4, 3.1, 2.3, 3, 2.5, 2.6, 3, 2.6, 2.3, 2.7, 3, 2.9, 2.9,
        2.5, 2.8, 3.3, 2.7, 3, 2.9, 3, 3, 2.5, 2.9, 2.5, 3.6, 3.2, 2.7, 3, 2.5, 2.8, 3.2, 3, 3.8,
        2.6, 2.2, 3.2, 2.8, 2.8, 2.7, 3.3, 3.2, 2.8, 3, 2.8, 3, 2.8, 3.8, 2.8, 2.8, 2.6, 3, 3.4,
        3.1, 3, 3.1, 3.1, 3.1, 2.7, 3.2, 3.3, 3, 2.5, 3, 3.4, 3,
    ],
    "Petal.Length": [
        1.4, 1.4, 1.3, 1.5, 1.4, 1.7, 1.4, 1.5, 1.4, 1.5, 1.5, 1.6, 1.4, 1.1, 1.2, 1.5, 1.3, 1.4,
        1.7, 1.5, 1.7, 1.5, 1, 1.7, 1.9, 1.6, 1.6, 1.5, 1.4, 1.6, 1.6, 1.5, 1.5, 1.4, 1.5, 1.2, 1.3,
        1.4, 1.3, 1.5, 1.3, 1.3, 1.3, 1.6, 1.9, 1.4, 1.6, 1.4, 1.5, 1.4, 4.7, 4.5, 4.9, 4, 4.6, 4.5,
        4.7, 3.3, 4.6, 3.9, 3.5, 4.2, 4, 4.7, 3.6, 4.4, 4.5, 4.1, 4.5, 3.9, 4.8, 4, 4.9, 4.7, 4.3,
        4.4, 4.8, 5, 4.5, 3.5, 3.8, 3.7, 3.9, 5.1, 4.5, 4.5, 4.7, 4.4, 4.1, 4, 4.4, 4.6, 4, 3.3,
        4.2, 4.2, 4.2, 4.3, 3, 4.1, 6, 5.1, 5.9, 5.6, 5.8, 6.6, 4.5, 6.3, 5.8, 6.1, 5.1, 5.3, 5.5,
        5, 5.1, 5.3, 5.5, 6.7, 6.9, 5, 5.7, 4.9, 6.7, 4.9, 5.7, 6, 4.8, 4.9, 5.6, 5.8, 6.1, 6.4,
        5.6, 5.1, 5.6, 6.1, 5.6, 5.5, 4.8, 5.4, 5.6, 5.1, 5.1, 5.9, 5.7, 5.2, 5, 5.2, 5.4, 5.1,
    ],
    "Petal.Width": [
        0.2, 0.2, 0.2, 0.2, 0.2, 0.4, 0.3, 0.2, 0.2, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.4, 0.4, 0.3,
        0.3, 0.3, 0.2, 0.4, 0.2, 0.5, 0.2, 0.2, 0.4, 0.2, 0.2, 0.2, 0.2, 0.4, 0.1, 0.2, 0.2, 0.2,
        0.2, 0.1, 0.2, 0.2, 0.3, 0.3, 0.2, 0.6, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 1.4, 1.5, 1.5, 1.3,
        1.5, 1.3, 1.6, 1, 1.3, 1.4, 1, 1.5, 1, 1.4, 1.3, 1.4, 1.5, 1, 1.5, 1.1, 1.8, 1.3, 1.5, 1.2,
        1.3, 1.4, 1.4, 1.7, 1.5, 1, 1.1, 1, 1.2, 1.6, 1.5, 1.6, 1.5, 1.3, 1.3, 1.3, 1.2, 1.4, 1.2,
        1, 1.3, 1.2, 1.3, 1.3, 1.1, 1.3, 2.5, 1.9, 2.1, 1.8, 2.2, 2.1, 1.7, 1.8, 1.8, 2.5, 2, 1.9,
        2.1, 2, 2.4, 2.3, 1.8, 2.2, 2.3, 1.5, 2.3, 2, 2, 1.8, 2.1, 1.8, 1.8, 1.8, 2.1, 1.6, 1.9, 2,
        2.2, 1.5, 1.4, 2.3, 2.4, 1.8, 1.8, 2.1, 2.4, 2.3, 1.9, 2.3, 2.5, 2.3, 1.9, 2, 2.3, 1.8,
    ],
}
# fmt: on
# fmt: off
MTCARS = {
    "mpg": [
        21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4,
        14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26, 30.4, 15.8, 19.7, 15, 21.4,
    ],
    "cyl": [
        6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8,
        4,
    ],
    "disp": [
        160, 160, 108, 258, 360, 225, 360, 146.7, 140.8, 167.6, 167.6, 275.8, 275.8, 275.8, 472,
        460, 440, 78.7, 75.7, 71.1, 120.1, 318, 304, 350, 400, 79, 120.3, 95.1, 351, 145, 301, 121,
    ],
    "hp": [
        110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66, 52,
        65, 97, 150, 150, 245, 175, 66, 91, 113, 264, 175, 335, 109,
    ],
    "wt": [
        2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25,
        5.424, 5.345, 2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17,
        2.77, 3.57, 2.78,
    ],
    "gear": [
        4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5,
        4,
    ],
    "carb": [
        4, 4, 1, 1, 2, 1, 4, 2, 2, 4, 4, 3, 3, 3, 4, 4, 4, 1, 2, 1, 1, 2, 2, 4, 2, 1, 2, 2, 4, 6, 8,
        2,
    ],
}
# fmt: on
# fmt: off
ATTITUDE = {
    "complaints": [
        51, 64, 70, 63, 78, 55, 67, 75, 82, 61, 53, 60, 62, 83, 77, 90, 85, 60, 70, 58, 40, 61, 66,
        37, 54, 77, 75, 57, 85, 82,
    ],
    "privileges": [
        30, 51, 68, 45, 56, 49, 42, 50, 72, 45, 53, 47, 57, 83, 54, 50, 64, 65, 46, 68, 33, 52, 52,
        42, 42, 66, 58, 44, 71, 39,
    ],
    "learning": [
        39, 54, 69, 47, 66, 44, 56, 55, 67, 47, 58, 39, 42, 45, 72, 72, 69, 75, 57, 54, 34, 62, 50,
        58, 48, 63, 74, 45, 71, 59,
    ],
    "raises": [
        61, 63, 76, 54, 71, 54, 66, 70, 71, 62, 58, 59, 55, 59, 79, 60, 79, 55, 75, 64, 43, 66, 63,
        50, 66, 88, 80, 51, 77, 64,
    ],
    "critical": [
        92, 73, 86, 84, 83, 49, 68, 66, 83, 80, 67, 74, 63, 77, 77, 54, 79, 80, 85, 78, 64, 80, 80,
        57, 75, 76, 78, 83, 74, 78,
    ],
    "advance": [
        45, 47, 48, 35, 47, 34, 35, 41, 31, 41, 34, 41, 25, 35, 46, 36, 63, 60, 46, 52, 33, 41, 37,
        49, 33, 72, 49, 38, 55, 39,
    ],
}
# fmt: on


def to_decimals(value: float, decimals: int):
    """pytest.approx for a value published with ``decimals`` decimals (half a unit in the last place)."""
    return pytest.approx(value, abs=0.5 * 10.0**-decimals + 1e-12)


def to_significant(value: float, digits: int):
    """pytest.approx for a value published with ``digits`` significant digits."""
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1)
    return pytest.approx(value, abs=0.5 * unit * (1 + 1e-9))
