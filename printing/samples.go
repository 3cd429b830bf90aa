package printing

// Samples returns one filled-in document of every kind, in Chinese with realistic data
// (a fictitious applicant), in the order queue slip, pre-application slip, materials
// list, acceptance receipt, one-time notice, request slip, rating thanks, printer test
// page. Tests, previews, screenshots and printer checks use them; the personal data in
// them is masked by the builders like any other.
func Samples() []*Slip {
	const (
		hall     = "天城市通川区政务服务中心"
		tracking = "TC01-20261126-0042"
		follow   = "https://zwfw.tiancheng.gov.cn/p/TC01-20261126-0042"
		contact  = "咨询电话 0818-2345678；地址：通川区西环路 1 号政务服务中心一楼；工作时间：周一至周五 9:00–17:00"
		basis    = "《中华人民共和国居民身份证法》第十一条；《居民身份证申领发放管理规定》（公安部令第 149 号）"
	)
	materials := []Material{
		{Name: "居民身份证（原证）", Detail: "原件 1 份", Notes: "损坏或即将到期的原证"},
		{Name: "居民户口簿", Detail: "原件 1 份"},
		{Name: "近期免冠彩色照片", Detail: "2 张", Notes: "白底，358×441 像素或 26×32 毫米，大厅可免费拍摄"},
	}
	return []*Slip{
		TicketSlip(TicketSlipData{
			Hall: hall, Title: "排队取号凭条", Number: "A001", Service: "户籍办理",
			AheadLine: "前面还有 3 人", Issued: "取号时间 2026-11-26 09:45",
			QR: "https://zwfw.tiancheng.gov.cn/q/TC01/20261126/A001", QRCaption: "扫码查看排队进度",
			Footer: "请留意叫号，过号需重新取号",
		}),
		PreApplicationSlip(PreApplicationData{
			Hall: hall, Title: "预申请凭条",
			Tracking:       Field{"办件编号", tracking},
			Service:        Field{"申请事项", "居民身份证换领"},
			Applicant:      Field{"申请人", "张三丰"},
			ApplicantID:    Field{"身份证号", "51170219800101123X"},
			Phone:          Field{"联系电话", "13812345678"},
			Submitted:      Field{"提交时间", "2026-11-26 09:45"},
			MaterialsTitle: "请携带以下材料到窗口办理", Materials: materials,
			QR: follow, QRCaption: "扫码查询办理进度", Footer: "预申请保留 7 天，请尽快到窗口办理",
		}),
		MaterialsList(MaterialsListData{
			Hall: hall, Title: "申请材料清单", Service: "居民身份证换领",
			Fields: []Field{{"实施部门", "天城市公安局通川分局"}, {"办件类型", "承诺件"},
				{"法定时限", "60 个工作日"}, {"承诺时限", "15 个工作日"}, {"收费标准", "20.00 元"}, {"办理窗口", "1、2、3 号窗口"}},
			MaterialsTitle: "申请材料", Materials: materials,
			BasisTitle: "设定依据", Basis: basis,
			QR: "https://zwfw.tiancheng.gov.cn/g/110101", QRCaption: "扫码查看办事指南", Footer: "一次告知 · 最多跑一次",
		}),
		AcceptanceReceipt(ReceiptData{
			Hall: hall, Title: "受理回执",
			Tracking:       Field{"办件编号", tracking},
			Applicant:      Field{"申请人", "张三丰"},
			ApplicantID:    Field{"身份证号", "51170219800101123X"},
			Service:        Field{"申请事项", "居民身份证换领"},
			Accepted:       Field{"受理时间", "2026-11-26 10:02"},
			Promised:       Field{"承诺办结", "2026-12-17（15 个工作日）"},
			Window:         Field{"受理窗口", "3 号窗口 · 工号 0301"},
			Extra:          []Field{{"实施部门", "天城市公安局通川分局"}, {"收费", "20.00 元"}},
			MaterialsTitle: "已收材料", Materials: materials,
			Contact: Field{"咨询方式", contact},
			QR:      follow, QRCaption: "扫码查询办理进度", Footer: "请妥善保管本回执，凭回执领取办理结果",
		}),
		OneTimeNotice(NoticeData{
			Hall: hall, Title: "一次性告知书",
			Tracking:     Field{"办件编号", tracking},
			Applicant:    Field{"申请人", "张三丰"},
			ApplicantID:  Field{"身份证号", "51170219800101123X"},
			Service:      Field{"申请事项", "居民身份证换领"},
			Intro:        "经审查，您申请办理的“居民身份证换领”事项尚缺以下材料，现一次性告知如下：",
			MissingTitle: "需补正材料",
			Missing: []Material{
				{Name: "居民户口簿", Detail: "原件 1 份", Notes: "户主页及本人页；户口在外地的，提供户籍所在地公安机关证明"},
				{Name: "近期免冠彩色照片", Detail: "2 张", Notes: "白底，358×441 像素或 26×32 毫米，大厅可免费拍摄"},
			},
			BasisTitle: "办理依据", Basis: basis,
			ContactTitle: "咨询方式", Contact: contact,
			Date:   Field{"告知时间", "2026-11-26 10:02"},
			Window: Field{"告知窗口", "3 号窗口 · 工号 0301"},
			QR:     follow, QRCaption: "扫码查看办事指南与进度", Footer: "补齐材料后请携带本告知书到窗口办理",
		}),
		RequestSlip(RequestSlipData{
			Hall: hall, Title: "投诉登记凭条",
			Number:    Field{"登记编号", "TC01-R-0007"},
			Kind:      Field{"类型", "投诉"},
			Subject:   Field{"事由", "上午在 3 号窗口等候超过 40 分钟，叫号屏未显示"},
			Phone:     Field{"联系电话", "13812345678"},
			Submitted: Field{"登记时间", "2026-11-26 10:15"},
			Promise:   "我们将在 5 个工作日内答复您",
			QR:        "https://zwfw.tiancheng.gov.cn/r/TC01-R-0007", QRCaption: "扫码查看处理进度", Footer: "12345 政务服务便民热线",
		}),
		RatingThanks(RatingThanksData{
			Hall: hall, Title: "感谢您的评价", Stars: 5, Level: "非常满意",
			Message: "您的评价是我们改进工作的动力",
			Fields:  []Field{{"服务窗口", "3 号窗口"}, {"评价时间", "2026-11-26 10:20"}},
			QR:      "https://zwfw.tiancheng.gov.cn/hcp", QRCaption: "扫码查看好差评公示", Footer: "欢迎再次光临",
		}),
		TestSlip(TestSlipData{
			Hall: hall, QR: "SHTEST:2026-11-26T09:45:00+08:00", Time: "2026-11-26 09:45:00",
			Printer: "tcp:192.168.1.50:9100 · 80mm GB18030",
		}),
	}
}
