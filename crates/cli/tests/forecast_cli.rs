//! End-to-end tests of `sentia forecast` and `sentia backtest` on small CSV files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sentia(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sentia"))
        .args(args)
        .output()
        .expect("run sentia")
}

/// `sentia forecast --input INPUT --output OUTPUT ARGS…`.
fn forecast(input: &Path, output: &Path, args: &[&str]) -> Output {
    let mut all = vec![
        "forecast",
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    sentia(&all)
}

/// Fails the test with the command's error output unless it succeeded.
fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every value of a `Model, lo-80, hi-80, lo-95, hi-95` row is finite, and the 80 %
/// interval lies inside the 95 % one around the point.
fn assert_finite_and_nested(rows: &[Vec<String>]) {
    for r in rows {
        let v: Vec<f64> = r[2..].iter().map(|x| x.parse::<f64>().unwrap()).collect();
        assert!(v.iter().all(|x| x.is_finite()), "{r:?}");
        assert!(
            v[3] <= v[1] && v[1] <= v[0] && v[0] <= v[2] && v[2] <= v[4],
            "{r:?}"
        );
    }
}

/// The `--report` line of one series.
fn report_line(report: &str, id: &str) -> String {
    report
        .lines()
        .find(|l| l.starts_with(&format!("{id},")))
        .unwrap()
        .to_string()
}

/// A fresh directory per test (tests run in parallel).
fn workdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sentia-forecast-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Three series: seasonal with integer ds, monthly ISO dates, and intermittent counts.
fn sample_csv() -> String {
    let mut s = String::from("unique_id,ds,y\n");
    for t in 1..=48 {
        let y = 100.0 + t as f64 + [5.0, -3.0, 8.0, 0.0][t % 4] * 3.0;
        s.push_str(&format!("A,{t},{y}\n"));
    }
    for k in 0..30 {
        let (yr, mo) = (2022 + k / 12, k % 12 + 1);
        s.push_str(&format!("B,{yr}-{mo:02}-01,{}\n", 20 + (k * 7) % 5));
    }
    for t in 1..=60 {
        let y = if t % 5 == 0 { 3 } else { 0 };
        s.push_str(&format!("C,{t},{y}\n"));
    }
    s
}

fn read_csv(path: &PathBuf) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn forecast_writes_the_statsforecast_wide_format() {
    let d = workdir("wide");
    let input = d.join("in.csv");
    let output = d.join("out.csv");
    std::fs::write(&input, sample_csv()).unwrap();
    let out = forecast(
        &input,
        &output,
        &[
            "--horizon",
            "6",
            "--season-length",
            "4",
            "--models",
            "auto,naive",
            "--level",
            "80,95",
        ],
    );
    assert_success(&out);
    let (header, rows) = read_csv(&output);
    assert_eq!(
        header,
        [
            "unique_id",
            "ds",
            "Auto",
            "Auto-lo-80",
            "Auto-hi-80",
            "Auto-lo-95",
            "Auto-hi-95",
            "Naive",
            "Naive-lo-80",
            "Naive-hi-80",
            "Naive-lo-95",
            "Naive-hi-95"
        ]
    );
    assert_eq!(rows.len(), 18);
    // ds continues each input: integers after 48, months after 2024-06-01.
    let ds_of = |id: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r[0] == id)
            .map(|r| r[1].clone())
            .collect()
    };
    assert_eq!(ds_of("A"), ["49", "50", "51", "52", "53", "54"]);
    assert_eq!(ds_of("B")[0], "2024-07-01");
    assert_eq!(ds_of("B")[5], "2024-12-01");
    for r in &rows {
        let v: Vec<f64> = r[2..].iter().map(|x| x.parse::<f64>().unwrap()).collect();
        assert!(v.iter().all(|x| x.is_finite()), "{r:?}");
        for m in [0, 5] {
            assert!(
                v[m + 3] <= v[m + 1]
                    && v[m + 1] <= v[m]
                    && v[m] <= v[m + 2]
                    && v[m + 2] <= v[m + 4],
                "{r:?}"
            );
        }
    }
    // Naive repeats the last value of series A.
    let last_a = 100.0 + 48.0 + 5.0 * 3.0;
    let a0: f64 = rows[0][7].parse().unwrap();
    assert!((a0 - last_a).abs() < 1e-9, "{}", rows[0][7]);
}

#[test]
fn auto_alone_has_exactly_one_model_column_and_a_report() {
    let d = workdir("auto");
    let input = d.join("in.csv");
    let output = d.join("out.csv");
    let report = d.join("report.csv");
    std::fs::write(&input, sample_csv()).unwrap();
    let out = forecast(
        &input,
        &output,
        &[
            "-H",
            "3",
            "-m",
            "4",
            "--threads",
            "1",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    let (header, rows) = read_csv(&output);
    assert_eq!(
        header[2..],
        [
            "Auto",
            "Auto-lo-80",
            "Auto-hi-80",
            "Auto-lo-95",
            "Auto-hi-95"
        ]
    );
    assert_eq!(rows.len(), 9);
    let report = std::fs::read_to_string(&report).unwrap();
    assert_eq!(report.lines().count(), 4, "{report}");
    // The intermittent series is routed to an intermittent-demand method.
    let c = report.lines().find(|l| l.starts_with("C,")).unwrap();
    assert!(c.contains("TSB"), "{c}");
}

#[test]
fn bad_value_is_reported_with_file_row_and_field() {
    let d = workdir("bad");
    let input = d.join("bad.csv");
    std::fs::write(&input, "unique_id,ds,y\nA,1,3\nA,2,x7\n").unwrap();
    let out = forecast(&input, &d.join("o.csv"), &["-H", "2"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv") && err.contains("row 3") && err.contains("`y`"),
        "{err}"
    );
}

#[test]
fn missing_column_and_unknown_model_are_clear_errors() {
    let d = workdir("cols");
    let input = d.join("in.csv");
    std::fs::write(&input, "id,ds,y\nA,1,3\n").unwrap();
    let out = forecast(&input, &d.join("o.csv"), &["-H", "2"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unique_id"));

    std::fs::write(&input, sample_csv()).unwrap();
    let out = forecast(
        &input,
        &d.join("o.csv"),
        &["-H", "2", "--models", "prophetx"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("prophetx"));
}

#[test]
fn backtest_prints_metrics_per_model() {
    let d = workdir("backtest");
    let input = d.join("in.csv");
    std::fs::write(&input, sample_csv()).unwrap();
    let out = sentia(&[
        "backtest",
        "--input",
        input.to_str().unwrap(),
        "-H",
        "4",
        "-m",
        "4",
        "--folds",
        "2",
        "--models",
        "naive,seasonalnaive,theta",
    ]);
    assert_success(&out);
    let table = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].contains("sMAPE") && lines[0].contains("MASE") && lines[0].contains("OWA"));
    assert!(lines[0].contains("cov95") && lines[0].contains("MSIS"));
    for (line, model) in lines[1..].iter().zip(["Naive", "SeasonalNaive", "Theta"]) {
        assert!(line.starts_with(model), "{line}");
        let series: usize = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert_eq!(series, 3, "{line}");
    }
}

#[test]
fn ml_writes_its_columns_and_names_fallbacks() {
    let d = workdir("ml");
    let input = d.join("in.csv");
    let output = d.join("out.csv");
    let report = d.join("report.csv");
    let mut csv = sample_csv();
    csv.push_str("D,1,4\nD,2,5\nD,3,6\n");
    std::fs::write(&input, csv).unwrap();
    let out = forecast(
        &input,
        &output,
        &[
            "-H",
            "5",
            "-m",
            "4",
            "--models",
            "ml",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    let (header, rows) = read_csv(&output);
    assert_eq!(
        header[2..],
        ["ML", "ML-lo-80", "ML-hi-80", "ML-lo-95", "ML-hi-95"]
    );
    assert_eq!(rows.len(), 4 * 5);
    assert_finite_and_nested(&rows);
    let report = std::fs::read_to_string(&report).unwrap();
    let line = |id: &str| report_line(&report, id);
    assert!(line("A").contains(",ML,ML,,"), "{report}");
    assert!(line("A").contains("global_ridge"), "{report}");
    // Three observations give no training window: a named fallback.
    assert!(line("D").contains("ML needs"), "{report}");
}

#[test]
fn select_writes_its_columns_and_reports_the_choice_per_series() {
    let d = workdir("select");
    let input = d.join("in.csv");
    let output = d.join("out.csv");
    let report = d.join("report.csv");
    let mut csv = sample_csv();
    csv.push_str("D,1,4\nD,2,5\nD,3,6\nD,4,5\nD,5,7\n");
    std::fs::write(&input, csv).unwrap();
    let out = forecast(
        &input,
        &output,
        &[
            "-H",
            "4",
            "-m",
            "4",
            "--models",
            "select",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    let (header, rows) = read_csv(&output);
    assert_eq!(
        header[2..],
        [
            "Select",
            "Select-lo-80",
            "Select-hi-80",
            "Select-lo-95",
            "Select-hi-95"
        ]
    );
    assert_eq!(rows.len(), 4 * 4);
    assert_finite_and_nested(&rows);
    let report = std::fs::read_to_string(&report).unwrap();
    let line = |id: &str| report_line(&report, id);
    // Every series names the candidate chosen for it.
    let candidates = [
        "Select(Combination",
        "Select(ETSAverage",
        "Select(Theta",
        "Select(DynamicOptimizedTheta",
        "Select(TSB",
    ];
    for id in ["A", "B", "C", "D"] {
        let l = line(id);
        // The model field is quoted when it holds a comma.
        assert!(
            l.contains(",Select,Select(") || l.contains(",Select,\"Select("),
            "{report}"
        );
        assert!(candidates.iter().any(|c| l.contains(c)), "{l}");
    }
    // Five observations are too few for the backtest: the combination, with the reason.
    assert!(line("D").contains("Select(Combination"), "{report}");
    assert!(
        line("D").contains("too short for the selection backtest"),
        "{report}"
    );
    assert!(!line("A").contains("too short"), "{report}");
}
