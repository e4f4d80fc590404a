package reports_test

import (
	"fmt"

	"newsframe/reports"
)

func ExampleSlug() {
	fmt.Println(reports.Slug("BBC/business/001.txt"))
	fmt.Println(reports.ArticlePath("fox/2024-06-01:17"))
	// Output:
	// bbc-business-001-txt-62c2a151c751
	// article/fox-2024-06-01-17-9b2b566fd0aa.html
}
