//! A province's yearly OCOP plan ("Kế hoạch thực hiện Chương trình OCOP năm 2026") and its
//! numeric targets, and how far the catalogue's own records go towards each.
//!
//! Plans report progress by counting by hand; every number a target needs is already in
//! the content folder (certificates and their dates, producers' founding years, sales
//! points' opening dates, fairs' dates). A target here is typed, so a plan can only ask for
//! what can be counted, and [`Target::progress`] is the one rule of what counts: the records
//! behind each number are returned with it, so a page can list them.

use chrono::NaiveDate;

use crate::model::refdata::Group;
use crate::model::*;

/// One yearly plan (`content/plans/2026.md`).
#[derive(Debug, Clone)]
pub struct YearPlan {
    pub common: Common,
    pub title: String,
    pub year: i32,
    /// The number of the decision or plan document ("125/KH-UBND").
    pub decision: Option<String>,
    pub issued: Option<NaiveDate>,
    pub issuer: Option<String>,
    pub summary: Option<String>,
    pub targets: Vec<Target>,
}

/// One numeric target of a plan.
#[derive(Debug, Clone)]
pub struct Target {
    /// The plan's own words for it, when it has some ("Nâng hạng sản phẩm chè lên 4 sao").
    pub label: Option<String>,
    pub label_en: Option<String>,
    /// At least this many.
    pub count: u32,
    pub kind: TargetKind,
}

/// What a target counts; each is counted within the plan's year up to the build date.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    /// Products whose certificate issued in the year took them from `from` to `to` stars.
    Upgrade { from: Stars, to: Stars },
    /// Products first certified in the year with at least `min_stars`, optionally of one
    /// group or commune.
    NewProducts {
        min_stars: Stars,
        group: Option<Group>,
        commune: Option<String>,
    },
    /// Producers founded in the year, of these kinds (every kind when empty).
    NewProducers { kinds: Vec<ProducerKind> },
    /// Sales points of these kinds opened in the year.
    SalesPoints { kinds: Vec<SalesPointKind> },
    /// Fairs that began in the year (and have begun by the build date).
    Fairs,
    /// Named key products holding a valid certificate of at least `min_stars` at the end of
    /// the year (or on the build date, while the plan runs).
    KeyProducts {
        products: Vec<ProductId>,
        min_stars: Stars,
    },
}

impl TargetKind {
    /// The keys a plan writes in `kind = "..."`.
    pub const KEYS: [&'static str; 7] = [
        "upgrade",
        "new-products",
        "new-producers",
        "sales-points",
        "centres",
        "fairs",
        "key-products",
    ];

    /// The key of the kind, as written in a plan (and of its words in the translations).
    pub fn key(&self) -> &'static str {
        match self {
            TargetKind::Upgrade { .. } => "upgrade",
            TargetKind::NewProducts { .. } => "new-products",
            TargetKind::NewProducers { .. } => "new-producers",
            TargetKind::SalesPoints { kinds } if kinds == &[SalesPointKind::Centre] => "centres",
            TargetKind::SalesPoints { .. } => "sales-points",
            TargetKind::Fairs => "fairs",
            TargetKind::KeyProducts { .. } => "key-products",
        }
    }
}

/// Where a plan stands on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanTime {
    /// Its year has not begun.
    Upcoming,
    /// Its year is running: targets not reached yet may still be.
    Running,
    /// Its year is over: a target is met or missed.
    Finished,
}

/// How a target stands on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    Met,
    /// Not reached yet, and the year is not over.
    InProgress,
    /// The year is over and the target was not reached.
    Missed,
}

impl TargetState {
    pub fn key(self) -> &'static str {
        match self {
            TargetState::Met => "met",
            TargetState::InProgress => "in-progress",
            TargetState::Missed => "missed",
        }
    }
}

/// The records a target counted, in the order they are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counted {
    Products(Vec<ProductId>),
    Producers(Vec<ProducerId>),
    SalesPoints(Vec<SalesPointId>),
    Fairs(Vec<FairId>),
}

impl Counted {
    pub fn len(&self) -> usize {
        match self {
            Counted::Products(v) => v.len(),
            Counted::Producers(v) => v.len(),
            Counted::SalesPoints(v) => v.len(),
            Counted::Fairs(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A target's actual number and the records behind it.
#[derive(Debug, Clone)]
pub struct Progress {
    pub actual: u32,
    pub counted: Counted,
    pub state: TargetState,
}

impl YearPlan {
    /// The first and last day of the plan's year.
    pub fn year_span(&self) -> (NaiveDate, NaiveDate) {
        let first = NaiveDate::from_ymd_opt(self.year, 1, 1).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or(NaiveDate::MAX);
        (first, last)
    }

    pub fn time(&self, today: NaiveDate) -> PlanTime {
        let (first, last) = self.year_span();
        if today < first {
            PlanTime::Upcoming
        } else if today <= last {
            PlanTime::Running
        } else {
            PlanTime::Finished
        }
    }

    /// The days counted: the plan's year, up to the build date.
    pub(crate) fn counted_span(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let (first, last) = self.year_span();
        (first, last.min(today))
    }

    /// The progress of each target, in the plan's order.
    pub fn progress(&self, site: &Site) -> Vec<Progress> {
        self.targets
            .iter()
            .map(|t| t.progress(self, site))
            .collect()
    }
}

impl Target {
    /// What the catalogue shows for this target of `plan` on the site's build date.
    pub fn progress(&self, plan: &YearPlan, site: &Site) -> Progress {
        let (first, last) = plan.counted_span(site.today);
        let within = |d: NaiveDate| first <= d && d <= last;
        let counted = match &self.kind {
            TargetKind::Upgrade { from, to } => Counted::Products(ids(&site.products, |p| {
                p.certificates
                    .windows(2)
                    .any(|w| within(w[0].issued) && w[1].stars == *from && w[0].stars == *to)
            })),
            TargetKind::NewProducts {
                min_stars,
                group,
                commune,
            } => Counted::Products(ids(&site.products, |p| {
                let Some(oldest) = p.certificates.last() else {
                    return false;
                };
                within(oldest.issued)
                    && oldest.stars >= *min_stars
                    && group.is_none_or(|g| p.group == g)
                    && commune
                        .as_ref()
                        .is_none_or(|c| p.commune.as_ref() == Some(c))
            })),
            TargetKind::NewProducers { kinds } => Counted::Producers(ids(&site.producers, |p| {
                p.founded == Some(plan.year)
                    && plan.time(site.today) != PlanTime::Upcoming
                    && (kinds.is_empty() || kinds.contains(&p.kind))
            })),
            TargetKind::SalesPoints { kinds } => {
                Counted::SalesPoints(ids(&site.sales_points, |s| {
                    s.opened.is_some_and(within) && (kinds.is_empty() || kinds.contains(&s.kind))
                }))
            }
            TargetKind::Fairs => Counted::Fairs(ids(&site.fairs, |f| within(f.starts))),
            TargetKind::KeyProducts {
                products,
                min_stars,
            } => Counted::Products(
                products
                    .iter()
                    .copied()
                    .filter(|&id| {
                        site.products.get(id.index()).is_some_and(|p| {
                            p.certificates.iter().any(|c| {
                                c.issued <= last
                                    && c.stars >= *min_stars
                                    && c.valid_until >= last
                                    && c.revoked.is_none_or(|r| r > last)
                            })
                        })
                    })
                    .collect(),
            ),
        };
        let actual = counted.len() as u32;
        let state = if actual >= self.count {
            TargetState::Met
        } else if plan.time(site.today) == PlanTime::Finished {
            TargetState::Missed
        } else {
            TargetState::InProgress
        };
        Progress {
            actual,
            counted,
            state,
        }
    }
}

/// The ids of the records of `all` for which `f` holds, in their order.
fn ids<T, I: From<u32>>(all: &[T], f: impl Fn(&T) -> bool) -> Vec<I> {
    all.iter()
        .enumerate()
        .filter(|(_, x)| f(x))
        .map(|(i, _)| I::from(i as u32))
        .collect()
}
