module github.com/bilan/bench/loadgen

go 1.24
