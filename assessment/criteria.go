package assessment

// Criterion is one AICPA 2017 Trust Services Criterion.
type Criterion struct {
	ID       string
	Category Category
	Subject  string
}

// AllCriteria lists the 61 Trust Services Criteria (TSC 2017, points of focus
// revised 2022) in report order. The 33 Common Criteria (CC) are the Security
// category and are always in scope.
var AllCriteria = []Criterion{
	{"CC1.1", Security, "Integrity and ethical values, code of conduct"},
	{"CC1.2", Security, "Board independence and oversight of internal control"},
	{"CC1.3", Security, "Structure, reporting lines and authority"},
	{"CC1.4", Security, "Competence: hiring, background checks, training"},
	{"CC1.5", Security, "Accountability, performance measures, discipline"},
	{"CC2.1", Security, "Quality information supports internal control"},
	{"CC2.2", Security, "Internal communication, responsibilities, security awareness"},
	{"CC2.3", Security, "Communication with customers, vendors and regulators"},
	{"CC3.1", Security, "Objectives clear enough to assess risk"},
	{"CC3.2", Security, "Risk identification and analysis, including vendors"},
	{"CC3.3", Security, "Fraud risk"},
	{"CC3.4", Security, "Changes that could affect internal control"},
	{"CC4.1", Security, "Ongoing and separate evaluations (audits, scans, pentests)"},
	{"CC4.2", Security, "Reporting and fixing control deficiencies"},
	{"CC5.1", Security, "Selecting controls that mitigate risks"},
	{"CC5.2", Security, "General IT controls"},
	{"CC5.3", Security, "Policies and procedures that put controls in place"},
	{"CC6.1", Security, "Logical access: inventory, authentication, MFA, encryption, keys"},
	{"CC6.2", Security, "Authorise users before credentials; remove them"},
	{"CC6.3", Security, "Role-based access changes, access reviews, least privilege"},
	{"CC6.4", Security, "Physical access"},
	{"CC6.5", Security, "Secure disposal of physical assets"},
	{"CC6.6", Security, "Boundary protection against external threats"},
	{"CC6.7", Security, "Protecting data in transmission and on removable media"},
	{"CC6.8", Security, "Preventing malicious or unauthorised software"},
	{"CC7.1", Security, "Configuration monitoring, vulnerability scanning"},
	{"CC7.2", Security, "Monitoring components for anomalies"},
	{"CC7.3", Security, "Evaluating events, deciding what is an incident"},
	{"CC7.4", Security, "Incident response: contain, remediate, communicate"},
	{"CC7.5", Security, "Recovery from incidents, testing recovery plans"},
	{"CC8.1", Security, "Change management: authorise, test, approve, deploy"},
	{"CC9.1", Security, "Business-disruption risk mitigation"},
	{"CC9.2", Security, "Vendor and business-partner risk management"},
	{"A1.1", Availability, "Capacity monitoring and planning"},
	{"A1.2", Availability, "Environmental protection, backups, recovery infrastructure"},
	{"A1.3", Availability, "Recovery-plan and backup-restore testing"},
	{"C1.1", Confidentiality, "Identify and protect confidential information"},
	{"C1.2", Confidentiality, "Dispose of confidential information"},
	{"PI1.1", ProcessingIntegrity, "Processing specifications"},
	{"PI1.2", ProcessingIntegrity, "System inputs"},
	{"PI1.3", ProcessingIntegrity, "Data processing"},
	{"PI1.4", ProcessingIntegrity, "System outputs"},
	{"PI1.5", ProcessingIntegrity, "Storage of data in process"},
	{"P1.1", Privacy, "Privacy notice"},
	{"P2.1", Privacy, "Choice and consent"},
	{"P3.1", Privacy, "Collection limited to purpose"},
	{"P3.2", Privacy, "Explicit consent for collection"},
	{"P4.1", Privacy, "Use limited to purpose"},
	{"P4.2", Privacy, "Retention"},
	{"P4.3", Privacy, "Disposal"},
	{"P5.1", Privacy, "Data-subject access"},
	{"P5.2", Privacy, "Correction"},
	{"P6.1", Privacy, "Disclosure to third parties"},
	{"P6.2", Privacy, "Records of authorised disclosures"},
	{"P6.3", Privacy, "Records of unauthorised disclosures (breaches)"},
	{"P6.4", Privacy, "Commitments from vendors and third parties"},
	{"P6.5", Privacy, "Vendors notify of unauthorised disclosures"},
	{"P6.6", Privacy, "Breach notification to data subjects"},
	{"P6.7", Privacy, "Accounting of personal information held and disclosed"},
	{"P7.1", Privacy, "Data quality"},
	{"P8.1", Privacy, "Complaints, disputes and compliance monitoring"},
}

var criteriaByID = func() map[string]Criterion {
	m := make(map[string]Criterion, len(AllCriteria))
	for _, c := range AllCriteria {
		m[c.ID] = c
	}
	return m
}()

// LookupCriterion returns the criterion with the given ID.
func LookupCriterion(id string) (Criterion, bool) {
	c, ok := criteriaByID[id]
	return c, ok
}
