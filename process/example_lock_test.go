package process_test

import (
	"fmt"

	"github.com/procbook/procbook/process"
)

// account is shared by the children that deposit into it; Mu guards the
// two-step update of Balance.
type account struct {
	Mu      *process.Lock
	Balance *process.Array[int] // [balance, deposits]
}

var deposit = process.RegisterTarget("example.deposit", func(a account) {
	for range 1000 {
		a.Mu.Lock()
		a.Balance.Set(0, a.Balance.Get(0)+5)
		a.Balance.Set(1, a.Balance.Get(1)+1)
		a.Mu.Unlock()
	}
})

// Three children update a shared balance under a Lock; without it, some
// read-modify-writes would overwrite each other.
func ExampleLock() {
	mu, err := process.NewLock()
	if err != nil {
		panic(err)
	}
	defer mu.Close()
	balance, err := process.NewArray([]int{0, 0})
	if err != nil {
		panic(err)
	}
	defer balance.Close()

	var procs []*process.Process
	for range 3 {
		p := process.New(deposit, account{Mu: mu, Balance: balance})
		if err := p.Start(); err != nil {
			panic(err)
		}
		procs = append(procs, p)
	}
	for _, p := range procs {
		if err := p.Join(); err != nil {
			panic(err)
		}
	}
	fmt.Println("balance:", balance.Get(0), "deposits:", balance.Get(1))
	// Output: balance: 15000 deposits: 3000
}
