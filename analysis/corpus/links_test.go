package corpus

import "testing"

func TestStripRelatedLinks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"from two of President Trump Donald John TrumpGOP senators balk at lengthy impeachment trial Warren goes local in race to build 2020 movement 2020 Democrats make play for veterans' votes MORE’s 2016 campaign and others",
			"from two of President Trump’s 2016 campaign and others"},
		{"aimed at helping President Trump Donald John TrumpGOP senators balk at lengthy impeachment trial MORE win the election.",
			"aimed at helping President Trump win the election."},
		{"Special counsel Robert Mueller Robert (Bob) Swan MuellerSpeier says impeachment inquiry shows 'very strong case of bribery' by Trump MORE found.",
			"Special counsel Robert Mueller found."},
		{"said Rep. Charlie Dent Charles (Charlie) Wieder DentOvernight Health Care — Presented by Better Medicare Alliance MORE (R-Pa.).",
			"said Rep. Charlie Dent (R-Pa.)."},
		// Not a link: no glued full name, or no MORE, or no repeated name.
		{"Mitch McConnell said it mattered MORE than ever.", "Mitch McConnell said it mattered MORE than ever."},
		{"President Trump Donald John TrumpGOP senators balk at lengthy impeachment trial.", "President Trump Donald John TrumpGOP senators balk at lengthy impeachment trial."},
		{"The iPhone sold MORE units.", "The iPhone sold MORE units."},
		{"He met Donald John TrumpGOP leaders MORE often.", "He met Donald John TrumpGOP leaders MORE often."},
		{"", ""},
		{"MORE", "MORE"},
	}
	for _, tt := range tests {
		if got := StripRelatedLinks(tt.in); got != tt.want {
			t.Errorf("StripRelatedLinks(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
