"""Exchange calls: places offered with partners, students' applications, review and nomination."""
