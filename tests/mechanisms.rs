//! The mechanisms, not the parameters, make the outcome: switching a mechanism off through
//! scenario values must move the outcome it drives.

#[path = "support/claims.rs"]
mod claims;

use solidarity::model::measure::WeekRow;
use solidarity::runner::RunRecord;
use solidarity::scenario::Scenario;

#[path = "support/town.rs"]
mod town;

use town::{burnout_per_recruit, runs, scenario, with_crisis, with_organizer_loss, BASE};

/// Values that switch off the mechanisms on by default that a rule of the core model
/// shares the week with: finite time, care's load and memory, chronic needs, shared
/// struggle, visibility's returns, the organization's list and one-on-ones.
const NEWER_OFF: &[&str] = &[
    "time.upkeep_hours=0",
    "time.event_hours=0",
    "time.task_hours=0",
    "time.help_hours=0",
    "time.one_on_one_hours=0",
    "care.cost_weight=0",
    "care.tiredness=0",
    "care.load_weight=0",
    "care.obligation=0",
    "care.image_step=0",
    "care.reciprocation=0",
    "needs.chronic_share=0",
    "events.met_per_event=0",
    "visibility.outreach_turnout=0",
    "visibility.win_turnout=0",
    "visibility.win_power=0",
    "visibility.repression_turnout=0",
    "organizers.list_survival=0",
    "strategy.solidarity.mobilization.one_on_ones_per_week=0",
];

/// The small town with the newer mechanisms off (`NEWER_OFF`), then `overrides`: a rule
/// of the core model on its own, where the full model masks its effect.
fn alone(overrides: &[&str]) -> Scenario {
    let all: Vec<&str> = NEWER_OFF.iter().chain(overrides).copied().collect();
    scenario(&all)
}

#[test]
fn costless_events_stop_burning_people_out() {
    let costly = burnout_per_recruit(&runs(&scenario(&[]), "sorting"));
    let costless = burnout_per_recruit(&runs(
        &scenario(&[
            "strategy.sorting.mobilization.event_cost=0",
            "strategy.sorting.mobilization.task_load=0",
        ]),
        "sorting",
    ));
    assert!(costly > 0.05, "sorting burns people out at cost: {costly}");
    assert!(
        costless < costly / 4.0,
        "without costs burnout mostly vanishes: {costless} vs {costly}"
    );
}

#[test]
fn concentrated_tasks_burn_more_than_shared_ones() {
    // The same event costs and task load for both; only who carries the tasks differs.
    let s = scenario(&[]);
    let sorting = burnout_per_recruit(&runs(&s, "sorting"));
    let solidarity = burnout_per_recruit(&runs(&s, "solidarity"));
    assert!(
        sorting > 1.5 * solidarity,
        "sorting {sorting} vs solidarity {solidarity}"
    );
}

#[test]
fn mutual_aid_meets_more_needs_than_conditional_aid() {
    let s = scenario(&[]);
    let share = |runs: &[RunRecord]| {
        let values: Vec<f64> = runs
            .iter()
            .flat_map(|r| r.weeks.iter().skip(52).filter_map(|w| w.needs_met_share))
            .collect();
        values.iter().sum::<f64>() / values.len() as f64
    };
    let conditional = share(&runs(&s, "sorting"));
    let mutual = share(&runs(&s, "solidarity"));
    assert!(
        mutual > conditional + 0.1,
        "mutual {mutual} vs conditional {conditional}"
    );
}

#[test]
fn without_any_strategy_nobody_joins_and_nothing_is_held() {
    // A strategy of kind `none` takes no parameters: it is written beside the others.
    let text = format!("{BASE}[strategy.idle]\n");
    let s = Scenario::parse("mechanisms", "mechanisms.toml", &text, &[]).expect("valid");
    for run in runs(&s, "idle") {
        assert!(run.weeks.iter().all(|w| !w.event_held && w.turnout == 0));
        assert_eq!(run.weeks.last().unwrap().recruited_total, 0);
    }
}

/// Asserts, and prints the figures either way, so that `--nocapture` shows each effect.
macro_rules! check {
    ($cond:expr, $($arg:tt)+) => {{
        eprintln!($($arg)+);
        assert!($cond, $($arg)+);
    }};
}

// ---------------------------------------------------------------------------------------
// One test per mechanism in `docs/ODD.md`: switching it off (or on) through scenario values
// moves the outcome it drives. Figures are means over the replicates of the small town.

/// The mean over runs of a per-run figure, over the runs that define it.
/// The mean distance of `strategy`'s active members from the line at the last snapshot,
/// averaged over replicates.
fn distance_from_line_at_end(scenario: &Scenario, strategy: &str) -> f64 {
    let index = scenario
        .strategies
        .iter()
        .position(|s| s.name == strategy)
        .expect("strategy exists");
    let runs = claims::run(scenario, 0).expect("runs");
    let values: Vec<f64> = runs
        .iter()
        .filter(|run| run.record.strategy == index)
        .filter_map(|run| run.opinions.last()?.1.distance_from_line)
        .collect();
    check!(!values.is_empty(), "no run defines the figure");
    values.iter().sum::<f64>() / values.len() as f64
}

fn mean(runs: &[RunRecord], f: impl Fn(&RunRecord) -> Option<f64>) -> f64 {
    let values: Vec<f64> = runs.iter().filter_map(f).collect();
    check!(!values.is_empty(), "no run defines the figure");
    values.iter().sum::<f64>() / values.len() as f64
}

/// Mean over the weeks from `from` to the end of a weekly figure, then over runs.
fn late_mean(runs: &[RunRecord], from: usize, f: impl Fn(&WeekRow) -> Option<f64>) -> f64 {
    mean(runs, |r| {
        let v: Vec<f64> = r.weeks.iter().skip(from).filter_map(&f).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    })
}

fn active_ratio(runs: &[RunRecord], shock: usize) -> f64 {
    mean(runs, |r| {
        let before = f64::from(r.weeks[shock - 1].active);
        let after = f64::from(r.weeks.get(shock + 52)?.active);
        (before > 0.0).then(|| after / before)
    })
}

#[test]
fn support_from_strong_ties_narrows_the_burnout_gap() {
    let gap = |s: &Scenario| {
        burnout_per_recruit(&runs(s, "sorting")) - burnout_per_recruit(&runs(s, "solidarity"))
    };
    let with = gap(&scenario(&[]));
    let without = gap(&scenario(&["energy.support_gain=0"]));
    check!(
        without < with - 0.01,
        "without support the gap narrows: {without} vs {with}"
    );
}

#[test]
fn screening_narrows_the_opinions_of_sorting_members() {
    // Screening selects recruits near the line: without it the members' opinions spread.
    let spread = |s: &Scenario| distance_from_line_at_end(s, "sorting");
    let screened = spread(&scenario(&[]));
    let open = spread(&scenario(&["strategy.sorting.mobilization.screening=0"]));
    check!(
        open > screened + 0.1,
        "without screening members stand farther from the line: {open} vs {screened}"
    );
}

/// On its own: with every mechanism on, sorting's small town has no members left at the
/// last snapshot, so there is no one to measure.
#[test]
fn dissent_pressure_pushes_distant_members_out() {
    let distance = |s: &Scenario| distance_from_line_at_end(s, "sorting");
    let open = ["strategy.sorting.mobilization.screening=0"];
    let tolerated = distance(&alone(&[
        open[0],
        "strategy.sorting.mobilization.dissent_pressure=0",
    ]));
    let pressed = distance(&alone(&[
        open[0],
        "strategy.sorting.mobilization.dissent_pressure=0.5",
    ]));
    check!(
        pressed < tolerated - 0.02,
        "pressure leaves members nearer the line: {pressed} vs {tolerated}"
    );
}

/// Under broadcast: a relational movement with mutual aid keeps its members a year after
/// losing every organizer almost as well without new leaders (1.26 against 1.30 of those
/// before), since asks, help and one-on-ones travel along ties that need no organizer.
#[test]
fn new_leaders_step_up_only_where_leadership_can_emerge() {
    // Mutual aid mobilized by broadcast: without an organizer no event is called.
    let after_loss = |rate: &str| {
        let overrides = ["strategy.solidarity.mobilization.kind=broadcast", rate];
        let runs = runs(&with_organizer_loss(&overrides), "solidarity");
        let organizers = mean(&runs, |r| Some(f64::from(r.weeks[104 + 51].organizers)));
        (organizers, active_ratio(&runs, 104))
    };
    let (leaders, kept) = after_loss("leadership.rate=0.1");
    let (none, kept_without) = after_loss("leadership.rate=0");
    check!(leaders >= 1.0, "new organizers a year on: {leaders}");
    check!(none == 0.0, "no one steps up at rate 0: {none}");
    check!(
        kept_without < kept - 0.1,
        "without new leaders fewer members stay: {kept_without} vs {kept}"
    );
}

#[test]
fn contact_lists_make_broadcast_fragile_to_organizer_loss() {
    // The same mutual aid, asked relationally or by broadcast from the organizers' lists.
    let relational = active_ratio(&runs(&with_organizer_loss(&[]), "solidarity"), 104);
    let broadcast = active_ratio(
        &runs(
            &with_organizer_loss(&["strategy.solidarity.mobilization.kind=broadcast"]),
            "solidarity",
        ),
        104,
    );
    check!(
        broadcast < relational - 0.1,
        "broadcast loses more members with its organizers: {broadcast} vs {relational}"
    );
}

#[test]
fn outreach_is_how_the_movement_grows() {
    let recruited = |s: &Scenario, name: &str| {
        mean(&runs(s, name), |r| {
            r.weeks.last().map(|w| f64::from(w.recruited_total))
        })
    };
    for name in ["sorting", "solidarity"] {
        let key = format!("strategy.{name}.mobilization.outreach_per_event=0");
        let with = recruited(&scenario(&[]), name);
        let without = recruited(&scenario(&[&key]), name);
        check!(
            without < with / 2.0,
            "{name}: without outreach far fewer join: {without} vs {with}"
        );
    }
}

#[test]
fn tie_decay_is_what_thins_the_strong_graph() {
    let strong =
        |s: &Scenario| late_mean(&runs(s, "sorting"), 52, |w| Some(f64::from(w.ties_strong)));
    let decaying = strong(&scenario(&[]));
    let lasting = strong(&scenario(&["network.decay=0"]));
    check!(
        lasting > decaying * 1.2,
        "without decay more strong ties remain: {lasting} vs {decaying}"
    );
}

#[test]
fn dissimilar_ties_dissolving_faster_makes_ties_more_homophilous() {
    let homophily = |s: &Scenario| late_mean(&runs(s, "solidarity"), 52, |w| w.homophily);
    let faster = homophily(&scenario(&["network.dissimilarity_decay=4"]));
    let same = homophily(&scenario(&["network.dissimilarity_decay=0"]));
    check!(
        faster > same + 0.02,
        "dissimilar ties dissolving faster raise homophily: {faster} vs {same}"
    );
}

#[test]
fn introductions_by_helpers_build_power() {
    let power = |s: &Scenario| late_mean(&runs(s, "solidarity"), 52, |w| Some(f64::from(w.power)));
    let with = power(&scenario(&[]));
    let without = power(&scenario(&["help.introduce=0"]));
    check!(
        without < with * 0.9,
        "without introductions the k-core is smaller: {without} vs {with}"
    );
}

#[test]
fn indirect_reciprocity_spreads_helping() {
    let met = |s: &Scenario| late_mean(&runs(s, "solidarity"), 52, |w| w.needs_met_share);
    let with = met(&scenario(&["help.reciprocity=0.3"]));
    let without = met(&scenario(&["help.reciprocity=0"]));
    check!(
        without < with - 0.01,
        "without reciprocity fewer needs are met: {without} vs {with}"
    );
}

#[test]
fn complex_contagion_thresholds_hold_turnout_back() {
    let turnout =
        |s: &Scenario| late_mean(&runs(s, "solidarity"), 26, |w| Some(f64::from(w.turnout)));
    let easy = turnout(&scenario(&["events.relational_threshold=0"]));
    let hard = turnout(&scenario(&["events.relational_threshold=1"]));
    check!(
        hard < easy * 0.9,
        "a higher threshold lowers relational turnout: {hard} vs {easy}"
    );
}

#[test]
fn ties_to_other_attendees_pull_people_to_events() {
    let turnout =
        |s: &Scenario| late_mean(&runs(s, "solidarity"), 26, |w| Some(f64::from(w.turnout)));
    let pulled = turnout(&scenario(&[]));
    let unpulled = turnout(&scenario(&["events.tie_pull=0"]));
    check!(
        unpulled < pulled * 0.95,
        "without the pull of ties fewer come: {unpulled} vs {pulled}"
    );
}

/// On its own: with every mechanism on, unlimited attention leaves sorting with a smaller
/// k-core (0.09 against 1.9 members): the week's hours, upkeep and shared struggle decide
/// it then, and which way is not this rule's doing.
#[test]
fn the_attention_budget_keeps_a_crowd_from_deepening_every_spoke() {
    let strong = |s: &Scenario| late_mean(&runs(s, "sorting"), 52, |w| Some(f64::from(w.power)));
    let limited = strong(&alone(&[]));
    let unlimited = strong(&alone(&["events.contacts_per_event=1000"]));
    check!(
        unlimited > limited + 1.0,
        "with unlimited attention a broadcast movement holds a larger k-core: {unlimited} vs {limited}"
    );
}

#[test]
fn effervescence_lifts_early_turnout_and_costs_members_later() {
    // The lift of an event brings people back to the next one: year one's peak turnout
    // rises with it; but more attendance is more cost, so burnout rises too.
    let s_with = scenario(&[]);
    let s_without = scenario(&["commitment.effervescence=0"]);
    let peak = |s: &Scenario| {
        mean(&runs(s, "sorting"), |r| {
            r.weeks
                .iter()
                .take(52)
                .map(|w| f64::from(w.turnout))
                .reduce(f64::max)
        })
    };
    let (lifted, flat) = (peak(&s_with), peak(&s_without));
    check!(
        flat < lifted,
        "without effervescence year one's peak turnout is lower: {flat} vs {lifted}"
    );
    let burnout = |s: &Scenario| burnout_per_recruit(&runs(s, "sorting"));
    let (lifted, flat) = (burnout(&s_with), burnout(&s_without));
    check!(
        flat < lifted,
        "without effervescence fewer burn out: {flat} vs {lifted}"
    );
}

/// On its own: with every mechanism on, peer pull moves how many stay by 3% (177 against
/// 182 members at the end).
#[test]
fn peer_pull_holds_members_with_committed_ties() {
    let kept = |s: &Scenario| {
        mean(&runs(s, "solidarity"), |r| {
            r.weeks.last().map(|w| f64::from(w.active))
        })
    };
    let pulled = kept(&alone(&[]));
    let unpulled = kept(&alone(&["commitment.peer_pull=0"]));
    check!(
        (unpulled - pulled).abs() > 0.1 * pulled,
        "peer pull changes how many stay: {unpulled} vs {pulled}"
    );
}

#[test]
fn broadcast_reaching_the_organizers_own_group_keeps_ties_within_groups() {
    // Demographic sorting: outreach that reaches the organizer's own identity group makes
    // sorting's strong ties (organizer to recruit) cross groups less often.
    let cross = |s: &Scenario| late_mean(&runs(s, "sorting"), 52, |w| w.cross_group_share);
    let town = cross(&scenario(&[]));
    let own = cross(&scenario(&[
        "strategy.sorting.mobilization.own_group_reach=1",
    ]));
    check!(
        own < town - 0.1,
        "reaching one's own group lowers the cross-group share: {own} vs {town}"
    );
}

/// Time is finite (`[time]`): when a strong tie takes hours to keep up and the ties beyond
/// the week's budget are neglected, a mutual-aid town keeps fewer strong ties than when
/// close ties are free.
#[test]
fn upkeep_of_close_ties_limits_how_many_are_kept() {
    let strong = |s: &Scenario| {
        late_mean(&runs(s, "solidarity"), 104, |w| {
            Some(f64::from(w.ties_strong))
        })
    };
    let free = strong(&scenario(&["time.upkeep_hours=0"]));
    let costly = strong(&scenario(&[
        "time.budget_hours=2",
        "time.upkeep_hours=1",
        "time.neglect_loss=0.2",
    ]));
    check!(
        costly < 0.8 * free,
        "upkeep keeps fewer strong ties: {costly} vs {free}"
    );
}

/// Time is finite (`[time]`): a member whose week is taken by the upkeep of close ties and
/// by help has no hours left for an event, so turnout falls when activities take hours.
#[test]
fn events_need_hours_that_other_activities_take() {
    let turnout = |s: &Scenario| late_mean(&runs(s, "sorting"), 26, |w| Some(f64::from(w.turnout)));
    let unlimited = turnout(&scenario(&[
        "time.event_hours=0",
        "time.task_hours=0",
        "time.help_hours=0",
        "time.upkeep_hours=0",
        "time.one_on_one_hours=0",
    ]));
    let busy = turnout(&scenario(&[
        "time.budget_hours=4",
        "time.event_hours=3",
        "time.help_hours=2",
        "time.upkeep_hours=1",
    ]));
    check!(
        busy < 0.8 * unlimited,
        "busy weeks lower turnout: {busy} vs {unlimited}"
    );
}

/// Time is finite (`[time]`): hours one is bound to give beyond the budget (an organizer's
/// event, a task handed over) cost energy, so overtime burns more people out.
#[test]
fn overtime_burns_people_out() {
    let burnout = |extra: &str| {
        burnout_per_recruit(&runs(
            &scenario(&["time.budget_hours=2", "time.task_hours=4", extra]),
            "sorting",
        ))
    };
    let without = burnout("time.overtime_energy=0");
    let with = burnout("time.overtime_energy=0.03");
    check!(
        with > without + 0.05,
        "overtime burns more out: {with} vs {without}"
    );
}

/// Lists that outlive their organizer (`organizers.list_survival`): after every initial
/// organizer is lost, the leaders who step up under broadcast call only their own strong
/// ties when lists are personal, and also everyone the lost organizers held when their
/// lists passed to the organization.
#[test]
fn a_list_the_organization_keeps_is_still_called_after_its_organizers_go() {
    // Broadcast with mutual aid, so that leaders emerge after the loss.
    let asked_after_loss = |survival: &str| {
        let runs = runs(
            &with_organizer_loss(&["strategy.solidarity.mobilization.kind=broadcast", survival]),
            "solidarity",
        );
        // Members who came to the events of the year after the loss (organizers aside).
        mean(&runs, |r| {
            let came: Vec<f64> = r.weeks[104..156]
                .iter()
                .filter(|w| w.event_held)
                .map(|w| f64::from(w.turnout) - f64::from(w.organizers))
                .collect();
            Some(came.iter().sum::<f64>() / came.len().max(1) as f64)
        })
    };
    let personal = asked_after_loss("organizers.list_survival=0");
    let shared = asked_after_loss("organizers.list_survival=1");
    check!(
        shared > 2.0 * personal + 5.0,
        "the organization's list is still called: {shared} vs {personal} members at an event"
    );
}

/// The fourth cell: relational organizing with conditional aid.
const FOURTH: &str = r#"
[strategy.fourth.mobilization]
kind = "relational"
event_every_weeks = 4
event_cost = 0.07
task_load = 0.3
outreach_per_event = 3
[strategy.fourth.integration]
kind = "conditional_aid"
"#;

/// One-on-ones (`one_on_ones_per_week`): without mutual aid, relational asks reach no
/// one but the organizers, since no recruit has a strong tie to an attendee; members who
/// hold one-on-ones build those ties, and the movement grows and comes to events.
#[test]
fn one_on_ones_make_relational_organizing_work_without_mutual_aid() {
    let fourth = |per_week: &str| {
        let text = format!("{BASE}{FOURTH}");
        let overrides = vec![format!(
            "strategy.fourth.mobilization.one_on_ones_per_week={per_week}"
        )];
        let s = Scenario::parse("mechanisms", "mechanisms.toml", &text, &overrides)
            .expect("valid scenario");
        let runs = runs(&s, "fourth");
        let turnout = late_mean(&runs, 52, |w| Some(f64::from(w.turnout)));
        let active = late_mean(&runs, 52, |w| Some(f64::from(w.active)));
        (turnout, active)
    };
    let (turnout_off, active_off) = fourth("0");
    let (turnout_on, active_on) = fourth("1");
    check!(
        turnout_on > 3.0 * turnout_off,
        "one-on-ones bring people to events: {turnout_on} vs {turnout_off}"
    );
    check!(
        active_on > 3.0 * active_off,
        "one-on-ones keep a movement: {active_on} vs {active_off}"
    );
}

/// Care work has a load (`[care]`, `needs.chronic_*`): in a crisis with heavy chronic needs
/// and costly help, obligation to strong ties makes mutual-aid helpers help below the
/// energy gate and burn out; without obligation the gate protects them, and the few who
/// burn out then do so for other causes (overtime, the costs of events and tasks).
#[test]
fn a_crisis_burns_out_helpers_who_cannot_refuse_a_strong_tie() {
    let heavy = [
        "help.cost=0.1",
        "needs.chronic_share=0.1",
        "needs.chronic_rate_factor=2",
        "needs.chronic_acts=3",
    ];
    let burnout = |obligation: &str| {
        let overrides: Vec<&str> = heavy.iter().copied().chain([obligation]).collect();
        burnout_per_recruit(&runs(&with_crisis(&overrides), "solidarity"))
    };
    let free = burnout("care.obligation=0");
    let obliged = burnout("care.obligation=1");
    check!(
        obliged > free + 0.02,
        "obliged helpers burn out in the crisis: {obliged} vs {free}"
    );
}

/// The share of needs met under mutual aid from week 52 on.
fn needs_met_by_mutual_aid(overrides: &[&str]) -> f64 {
    late_mean(&runs(&scenario(overrides), "solidarity"), 52, |w| {
        w.needs_met_share
    })
}

/// Care has a load (`[care]`): tired helpers and those who have helped much lately are
/// less willing, so fewer needs are met.
#[test]
fn tired_and_loaded_helpers_meet_fewer_needs() {
    let fresh = needs_met_by_mutual_aid(&["care.tiredness=0", "care.load_weight=0"]);
    let tired = needs_met_by_mutual_aid(&["care.tiredness=1", "care.load_weight=0.2"]);
    check!(
        tired < fresh - 0.01,
        "reluctance leaves more needs unmet: {tired} vs {fresh}"
    );
}

/// Reciprocity has a memory (`[care]`, image scoring): residents seen refusing are refused
/// in turn, so refusals spread and fewer needs are met.
#[test]
fn helpers_who_discriminate_by_image_meet_fewer_needs() {
    let seen = "care.image_step=0.2";
    let blind = needs_met_by_mutual_aid(&[seen, "care.discrimination=0"]);
    let discriminating = needs_met_by_mutual_aid(&[seen, "care.discrimination=1"]);
    check!(
        discriminating < blind - 0.01,
        "refusing those seen refusing leaves more needs unmet: {discriminating} vs {blind}"
    );
}

/// Reciprocity has a memory (`care.reciprocation`): being helped makes one readier to help
/// only as far as one's strong ties help, so helping spreads less.
#[test]
fn helping_spreads_only_where_it_is_returned() {
    let plain = needs_met_by_mutual_aid(&["care.load_weight=0", "care.reciprocation=0"]);
    let conditional = needs_met_by_mutual_aid(&["care.reciprocation=1"]);
    check!(
        conditional < plain - 0.01,
        "conditional reciprocity spreads helping less: {conditional} vs {plain}"
    );
}

/// Shared struggle builds ties (`events.met_per_event`, `bond_per_cost`,
/// `deepen_per_cost`): when attendees who meet at a costly event bond, and the ties they
/// renew there deepen with its cost, each arm's members hold more strong ties each, and
/// more of them are welded into one strongly tied group, than when events bond no one
/// beyond the ties they renew. On its own: with every other mechanism on, sorting's
/// members gain 7% more strong ties each and fewer of them are welded together (0.23
/// against 0.30 in the largest group).
#[test]
fn shared_struggle_makes_strong_ties_among_attendees() {
    let struggle = [
        "events.met_per_event=2",
        "events.bond_per_cost=3",
        "events.deepen_per_cost=1.5",
    ];
    for strategy in ["sorting", "solidarity"] {
        let strong = |s: &Scenario| {
            let runs = runs(s, strategy);
            let per_member = late_mean(&runs, 52, |w| {
                (w.active > 0).then(|| f64::from(w.ties_strong) / f64::from(w.active))
            });
            (per_member, late_mean(&runs, 52, |w| Some(w.lcc_fraction)))
        };
        let (without, apart) = strong(&alone(&[]));
        let (with, welded) = strong(&alone(&struggle));
        check!(
            with > 1.2 * without && welded > apart + 0.05,
            "{strategy}: shared struggle, strong ties per member {with} vs {without}, in the largest group {welded} vs {apart}"
        );
    }
}

/// Visibility has returns (`[visibility]`): a campaign that wins concessions at its
/// events lifts its members' commitment, so fewer of them give up and depart; the same
/// wins without a lift (`win_lift = 0`, the same draws) leave them as they were. Both arms
/// gain. On its own: with every mechanism on, solidarity's departures do not move (0.189
/// either way).
#[test]
fn concessions_won_lift_commitment() {
    for strategy in ["sorting", "solidarity"] {
        let with_lift = |lift: &str| {
            let s = alone(&["visibility.win_turnout=20", "visibility.win_power=20", lift]);
            let runs = runs(&s, strategy);
            let wins = mean(&runs, |r| Some(f64::from(r.weeks.last()?.wins)));
            let (departed, recruited) = runs.iter().fold((0, 0), |(d, n), run| {
                let last = run.weeks.last().expect("a run has weeks");
                (d + last.departed_total, n + last.recruited_total)
            });
            (wins, f64::from(departed) / f64::from(recruited.max(1)))
        };
        let (wins, flat) = with_lift("visibility.win_lift=0");
        let (_, lifted) = with_lift("visibility.win_lift=0.05");
        check!(wins > 5.0, "{strategy}: turnout and power win: {wins}");
        check!(
            lifted < flat - 0.02,
            "{strategy}: wins that lift commitment, fewer departures per recruit: {lifted} vs {flat}"
        );
    }
}

/// Visibility draws repression (`[visibility]`, charged by `World::repress`): when a
/// visible event is repressed and repression costs its attendees energy, the movement
/// holds less energy (active members times their mean energy) than when the same
/// repression costs nothing (the same draws). Both arms pay.
#[test]
fn repression_raises_costs() {
    for strategy in ["sorting", "solidarity"] {
        let with_cost = |cost: &str| {
            let s = scenario(&["visibility.repression_turnout=20", cost]);
            let runs = runs(&s, strategy);
            let repressions = mean(&runs, |r| Some(f64::from(r.weeks.last()?.repressions)));
            let energy = late_mean(&runs, 52, |w| Some(f64::from(w.active) * w.mean_energy?));
            (repressions, energy)
        };
        let (repressions, calm) = with_cost("visibility.repression_cost=0");
        let (_, repressed) = with_cost("visibility.repression_cost=0.1");
        check!(
            repressions > 5.0,
            "{strategy}: turnout draws repression: {repressions}"
        );
        check!(
            repressed < 0.95 * calm,
            "{strategy}: repression drains the movement's energy: {repressed} vs {calm}"
        );
    }
}

/// Visibility widens reach (`visibility.outreach_turnout`): each attendee brings extra
/// outreach by the reach of the arm's kind of mobilization, so both arms recruit more.
#[test]
fn turnout_widens_outreach() {
    for strategy in ["sorting", "solidarity"] {
        let recruited = |s: &Scenario| {
            mean(&runs(s, strategy), |r| {
                Some(f64::from(r.weeks.last()?.recruited_total))
            })
        };
        let narrow = recruited(&scenario(&["visibility.outreach_turnout=0"]));
        let wide = recruited(&scenario(&["visibility.outreach_turnout=1"]));
        check!(
            wide > 1.3 * narrow,
            "{strategy}: turnout widens outreach: {wide} vs {narrow}"
        );
    }
}
