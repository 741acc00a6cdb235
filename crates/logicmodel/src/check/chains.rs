//! Checks of the chains themselves: edge direction, cycles, reachability
//! from activities to impacts, and nodes that dangle.
//!
//! A link declared feedback, or a sequence within one column (`"type"` on
//! a detailed link), is a loop or a same-column step the author means: it
//! is exempt from the direction and cycle checks and is not followed for
//! reachability ([`Model::is_chain_step`]).

use std::collections::VecDeque;

use petgraph::graph::NodeIndex;
use petgraph::graph::{DiGraph, EdgeReference};
use petgraph::visit::{EdgeFiltered, EdgeRef, IntoNeighborsDirected};
use petgraph::Direction;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{LinkInfo, LinkType, Model, Node, NodeKind, Stage};

pub(super) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let graph = model.graph();
    let n = graph.node_count();
    let mut in_degree = vec![0u32; n];
    let mut out_degree = vec![0u32; n];
    // Stages are ordered left to right, so a cycle needs an edge that does
    // not go to a later stage; without one there is nothing to look for.
    let mut may_cycle = false;
    for edge in graph.edge_references() {
        out_degree[edge.source().index()] += 1;
        in_degree[edge.target().index()] += 1;
        if !model.is_chain_step(edge.source(), edge.target(), edge.weight()) {
            continue;
        }
        may_cycle |= graph[edge.target()].stage() <= graph[edge.source()].stage();
        backward_edge(
            model,
            edge.source(),
            edge.target(),
            edge.weight().location,
            out,
        );
    }
    // `toposort` is iterative (a recursive search would overflow the
    // stack on a long chain) and allocates once, where the components of
    // `cycles` cost an allocation per node.
    if may_cycle && petgraph::algo::toposort(&forward(model), None).is_err() {
        cycles(model, out);
    }

    let present = |kind: NodeKind| model.nodes_of_kind(kind).next().is_some();
    // A model without an activity column is not broken: the chain checks
    // start at the nearest column it does have. Where chains end is the
    // model's one definition (`Model::chain_end`), which coverage, traces
    // and reports share.
    let sources = source_nodes(model, present(NodeKind::Activity), present(NodeKind::Input));
    let sinks: Vec<NodeIndex> = graph
        .node_indices()
        .filter(|&n| model.is_chain_end(n))
        .collect();
    let (reached, reaches_end) = crate::parallel::both(
        || reach(model, &sources, Direction::Outgoing),
        || reach(model, &sinks, Direction::Incoming),
        n > 50_000 && model.threads(),
    );
    let has_activities = present(NodeKind::Activity);
    let end_name = match model.chain_end() {
        Some(Stage::Impact) | None => "an impact".to_owned(),
        Some(end) => format!("the {} column, where this model's chains end", end.as_str()),
    };
    // For an activity that reaches no end: a dead end its chains stop at.
    let stops = dead_ends_reached(model, &out_degree);

    for (index, node) in model.nodes() {
        let i = index.index();
        let id = node.id().as_str();
        let isolated = in_degree[i] == 0 && out_degree[i] == 0;
        let kind = node.kind();
        let diagnostic = |code: Code, message: String| {
            Diagnostic::new(code, message, node.location()).with_id(id)
        };
        match kind {
            NodeKind::Activity if !reaches_end[i] => {
                let stop = stops[i]
                    .filter(|&stop| stop != index)
                    .map(|stop| {
                        let node = model.node(stop);
                        format!(
                            "; its chain stops at {} `{}`, which leads nowhere",
                            node.kind(),
                            node.id()
                        )
                    })
                    .unwrap_or_default();
                let mut d = diagnostic(
                    Code::ActivityWithoutImpact,
                    format!("no path leads from activity `{id}` to {end_name}{stop}"),
                );
                if let Some(stop) = stops[i].filter(|&stop| stop != index) {
                    d = d.with_id(model.node(stop).id().as_str());
                }
                out.push(d)
            }
            NodeKind::Impact if !reached[i] && !sources.is_empty() => out.push(diagnostic(
                Code::ImpactWithoutActivity,
                format!(
                    "no {} reaches impact `{id}`",
                    if has_activities { "activity" } else { "chain" }
                ),
            )),
            _ => {}
        }
        if isolated {
            let code = if kind == NodeKind::Assumption {
                Code::UnlinkedAssumption
            } else {
                Code::IsolatedNode
            };
            let what = if kind == NodeKind::Assumption {
                format!("assumption `{id}` is linked to nothing")
            } else {
                format!("{kind} `{id}` has no edge in or out")
            };
            out.push(diagnostic(code, what));
            continue;
        }
        // An activity that ends is already an `activity-without-impact`
        // error, and a chain may end in the model's last column.
        if out_degree[i] == 0 && !model.is_chain_end(index) && kind != NodeKind::Activity {
            out.push(diagnostic(
                Code::DeadEnd,
                format!("{kind} `{id}` leads nowhere: it has no outgoing edge"),
            ));
        }
        if matches!(kind, NodeKind::Output | NodeKind::Outcome) && has_activities && !reached[i] {
            out.push(diagnostic(
                Code::UnreachedNode,
                format!("no activity reaches {kind} `{id}`"),
            ));
        }
        if kind == NodeKind::Input
            && has_activities
            && !model
                .outgoing(index)
                .any(|e| model.node(e.to).kind() == NodeKind::Activity)
        {
            out.push(diagnostic(
                Code::UnusedInput,
                format!("input `{id}` leads to no activity"),
            ));
        }
    }
}

/// The model's graph without its declared links: the one the direction, cycle
/// and reachability checks read.
fn forward(
    model: &Model,
) -> EdgeFiltered<&DiGraph<Node, LinkInfo>, impl Fn(EdgeReference<'_, LinkInfo>) -> bool + '_> {
    EdgeFiltered(model.graph(), move |edge: EdgeReference<'_, LinkInfo>| {
        model.is_chain_step(edge.source(), edge.target(), edge.weight())
    })
}

fn backward_edge(
    model: &Model,
    from: NodeIndex,
    to: NodeIndex,
    location: crate::Location,
    out: &mut Vec<Diagnostic>,
) {
    let (a, b) = (model.node(from), model.node(to));
    if from == to || a.stage().may_lead_to(b.stage()) {
        return;
    }
    let describe = |stage: Stage| match stage.term() {
        Some(term) => format!("{term}-term outcome"),
        None => stage.kind().to_string(),
    };
    let sequence = model
        .outgoing(from)
        .any(|e| e.to == to && e.info.link_type() == Some(LinkType::Sequence));
    let message = if a.stage() == b.stage() {
        format!(
            "edge `{}` → `{}` stays in the {} column; edges must go to a later column",
            a.id(),
            b.id(),
            describe(a.stage())
        )
    } else {
        format!(
            "edge `{}` → `{}` goes backward, from {} to {}",
            a.id(),
            b.id(),
            describe(a.stage()),
            describe(b.stage())
        )
    };
    let help = if sequence {
        "a `\"type\": \"sequence\"` joins two boxes of one column; for a later box that strengthens an earlier one, write `\"type\": \"feedback\"`"
    } else {
        "chains run assumption → input → activity → output → outcome (short → long) → impact"
    };
    out.push(
        Diagnostic::new(Code::BackwardEdge, message, location)
            .with_id(a.id().as_str())
            .with_id(b.id().as_str())
            .with_help(help),
    );
}

/// Reports each strongly connected component with more than one node, and
/// each self-loop, once, at its first node in file order, with one cycle
/// through it spelled out. Kosaraju's algorithm is iterative, so a very long
/// chain cannot overflow the stack. O(V + E).
fn cycles(model: &Model, out: &mut Vec<Diagnostic>) {
    let graph = forward(model);
    for mut component in petgraph::algo::kosaraju_scc(&graph) {
        let first = match component.iter().min() {
            Some(&first) => first,
            None => continue,
        };
        let self_loop = component.len() == 1
            && model
                .outgoing(first)
                .any(|e| e.to == first && model.is_chain_step(e.from, e.to, e.info));
        if component.len() < 2 && !self_loop {
            continue;
        }
        component.sort_unstable();
        let path = if self_loop {
            vec![first, first]
        } else {
            cycle_through(model, first, &component)
        };
        let shown: Vec<&str> = path.iter().map(|&n| model.node(n).id().as_str()).collect();
        let message = if self_loop {
            format!("`{}` leads to itself", shown[0])
        } else {
            format!("the edges form a cycle: {}", format_cycle(&shown))
        };
        let mut diagnostic = Diagnostic::new(Code::Cycle, message, model.node(first).location())
            .with_help("a logic model reads left to right; remove the edge that closes the loop");
        for &n in &component {
            diagnostic = diagnostic.with_id(model.node(n).id().as_str());
        }
        out.push(diagnostic);
    }
}

fn format_cycle(ids: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut text: Vec<String> = ids.iter().take(SHOWN).map(|id| format!("`{id}`")).collect();
    if ids.len() > SHOWN {
        text.push(format!("… ({} more)", ids.len() - SHOWN));
    }
    text.join(" → ")
}

/// A shortest cycle from `start` back to itself inside `component` (sorted).
fn cycle_through(model: &Model, start: NodeIndex, component: &[NodeIndex]) -> Vec<NodeIndex> {
    let in_component = |n: NodeIndex| component.binary_search(&n).is_ok();
    let mut parent: std::collections::HashMap<NodeIndex, NodeIndex> = Default::default();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for edge in model.chain_outgoing(node) {
            if edge.to == start {
                let mut path = vec![node];
                let mut at = node;
                while at != start {
                    match parent.get(&at) {
                        Some(&p) => at = p,
                        None => break,
                    }
                    path.push(at);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if in_component(edge.to) && edge.to != start && !parent.contains_key(&edge.to) {
                parent.insert(edge.to, node);
                queue.push_back(edge.to);
            }
        }
    }
    component.to_vec()
}

fn source_nodes(model: &Model, has_activities: bool, has_inputs: bool) -> Vec<NodeIndex> {
    let kind = if has_activities {
        Some(NodeKind::Activity)
    } else if has_inputs {
        Some(NodeKind::Input)
    } else {
        None
    };
    match kind {
        Some(kind) => model.nodes_of_kind(kind).map(|(i, _)| i).collect(),
        // Neither activities nor inputs: start at the earliest column present
        // after the assumptions (which state context, not action).
        None => {
            let first = model
                .nodes()
                .map(|(_, n)| n.stage())
                .filter(|&s| s != Stage::Assumption)
                .min();
            model
                .nodes()
                .filter(|(_, n)| Some(n.stage()) == first)
                .map(|(i, _)| i)
                .collect()
        }
    }
}

/// For each node, a dead end (a node with no outgoing edge that ends no
/// chain) reachable from it, if any: one search from every dead end
/// against the edges, so each node gets the first dead end to reach it, in
/// file order of the dead ends. O(V + E).
fn dead_ends_reached(model: &Model, out_degree: &[u32]) -> Vec<Option<NodeIndex>> {
    let graph = model.graph();
    let mut stop: Vec<Option<NodeIndex>> = vec![None; graph.node_count()];
    let mut queue = VecDeque::new();
    for node in graph.node_indices() {
        if out_degree[node.index()] == 0 && !model.is_chain_end(node) {
            stop[node.index()] = Some(node);
            queue.push_back(node);
        }
    }
    while let Some(node) = queue.pop_front() {
        for previous in graph.neighbors_directed(node, Direction::Incoming) {
            if stop[previous.index()].is_none() {
                stop[previous.index()] = stop[node.index()];
                queue.push_back(previous);
            }
        }
    }
    stop
}

/// Multi-source breadth-first search; `seen[i]` is whether node `i` is
/// reachable from a start node (starts included). O(V + E).
fn reach(model: &Model, starts: &[NodeIndex], direction: Direction) -> Vec<bool> {
    let graph = model.graph();
    let mut seen = vec![false; graph.node_count()];
    let mut queue: VecDeque<NodeIndex> = VecDeque::with_capacity(starts.len());
    for &s in starts {
        if !seen[s.index()] {
            seen[s.index()] = true;
            queue.push_back(s);
        }
    }
    let graph = forward(model);
    while let Some(node) = queue.pop_front() {
        for next in graph.neighbors_directed(node, direction) {
            if !seen[next.index()] {
                seen[next.index()] = true;
                queue.push_back(next);
            }
        }
    }
    seen
}
